package io.gator.cli.module;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code mig pkg} flags. */
public final class PkgFlags implements ModuleFlags {
    @Option(names = "-name", description = "package name regex") List<String> names = new ArrayList<>();
    @Option(names = "-version", description = "version regex; a leading ! negates") String version = "";

    @Override
    public String module() {
        return "pkg";
    }

    @Override
    public JsonNode parameters() {
        if (names.isEmpty()) {
            throw new InvalidFlagException("pkg: at least one -name is required");
        }
        Flags.regexes(names);
        if (!version.isEmpty()) {
            Flags.regexes(List.of(version));
        }
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.putObject("pkgmatch").set("matches", Flags.array(names));
        p.put("vermatch", version);
        return p;
    }
}
