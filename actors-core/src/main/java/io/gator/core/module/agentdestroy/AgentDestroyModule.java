package io.gator.core.module.agentdestroy;

import static io.gator.core.module.ParamReader.number;
import static io.gator.core.module.ParamReader.object;
import static io.gator.core.module.ParamReader.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gator.core.command.Result;
import io.gator.core.module.AbstractModuleDefinition;
import io.gator.core.module.InvalidParametersException;
import java.util.ArrayList;
import java.util.List;

/** MIG's {@code agentdestroy} module: parameters and printer; elements are a status sentence. */
public final class AgentDestroyModule extends AbstractModuleDefinition<AgentDestroyParameters> {
    public static final AgentDestroyModule INSTANCE = new AgentDestroyModule();

    public AgentDestroyModule() {
        super("agentdestroy",
                "Stops an agent process of a given version and removes it (sent by the system to duplicate agents, never launched by hand).",
                AgentDestroyParameters.class, AgentDestroyModule::print);
    }

    @Override
    public AgentDestroyParameters parse(JsonNode p) {
        object(p, "parameters");
        double pid = number(p, "pid", "");
        if (pid < 2 || pid != Math.floor(pid) || pid > Integer.MAX_VALUE) {
            throw new InvalidParametersException("pid", "must be a process id greater than 1, got " + pid);
        }
        String version = string(p, "version", "");
        if (version.isEmpty()) {
            throw new InvalidParametersException("version", "is empty, expecting the version of the agent to destroy");
        }
        return new AgentDestroyParameters((long) pid, version);
    }

    @Override
    public JsonNode toJson(AgentDestroyParameters p) {
        return JsonNodeFactory.instance.objectNode().put("pid", p.pid()).put("version", p.version());
    }

    /** MIG's agentdestroy {@code PrintResults}. */
    public static List<String> print(Result result, boolean foundOnly) {
        List<String> prints = new ArrayList<>();
        JsonNode el = result.elements();
        if (!el.isNull() && !el.isTextual()) {
            prints.add("[error] failed to retrieve status message from results");
        } else if (el.isTextual() && !el.asText().isEmpty()) {
            prints.add(el.asText());
        }
        if (foundOnly) {
            return prints;
        }
        result.errors().forEach(e -> prints.add("[error] " + e));
        prints.add(result.success() ? "agentdestroy module has succeeded" : "agentdestroy module has failed");
        return prints;
    }
}
