package io.gator.cli.module;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import picocli.CommandLine.Option;

/** {@code mig timedrift} flags. */
public final class TimedriftFlags implements ModuleFlags {
    @Option(names = "-drift", description = "allowed drift as a Go duration (e.g. 5s); empty: only report local time")
    String drift = "";

    @Override
    public String module() {
        return "timedrift";
    }

    @Override
    public JsonNode parameters() {
        if (!drift.isEmpty() && !drift.matches("^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$")) {
            throw new InvalidFlagException("Invalid drift duration '" + drift + "'");
        }
        return JsonNodeFactory.instance.objectNode().put("drift", drift);
    }
}
