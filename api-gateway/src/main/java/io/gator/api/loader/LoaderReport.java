package io.gator.api.loader;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.api.backend.BackendRejectedException;
import io.gator.core.agent.AgentEnv;
import io.gator.core.json.MigJson;
import io.gator.core.json.MigJsonException;
import io.gator.core.json.SafeText;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a loader sends in form field {@code parameters} (MIG's {@code ManifestParameters}): its agent's name,
 * queue location, environment and tags, and for a fetch the manifest entry it wants. Written to the loader
 * entry on every request, as MIG does; the environment is stored as the agents table stores it, so that
 * manifest targets read it the same way.
 */
public record LoaderReport(String agentName, String queueLoc, String environmentJson, String tagsJson,
                           String object) {
    /** Longest agent name or queue location stored (the loaders table's columns). */
    static final int MAX_NAME = 2048;

    /** Parses the field; a 400 naming what is wrong otherwise (MIG answers 500 with Go's parse error). */
    public static LoaderReport parse(String parameters) {
        if (parameters == null || parameters.isEmpty()) {
            throw new BackendRejectedException("missing form field 'parameters' (MIG's ManifestParameters JSON)");
        }
        JsonNode root;
        try {
            root = MigJson.tree(parameters);
        } catch (MigJsonException e) {
            throw new BackendRejectedException("malformed parameters JSON: " + e.getMessage());
        }
        if (!root.isObject()) {
            throw new BackendRejectedException("parameters must be a JSON object with 'agent' and 'object'");
        }
        SafeText.problem(root, "parameters").ifPresent(p -> {
            throw new BackendRejectedException(p);
        });
        JsonNode agent = root.path("agent");
        if (!agent.isObject()) {
            throw new BackendRejectedException("parameters.agent must be a JSON object (MIG's Agent)");
        }
        String name = text(agent, "name");
        if (name.isEmpty()) {
            // MIG refuses to update a loader entry with no agent name
            throw new BackendRejectedException("parameters.agent.name is empty: will not update the loader entry "
                    + "with no agent name");
        }
        String queueLoc = text(agent, "queueloc");
        if (name.length() > MAX_NAME || queueLoc.length() > MAX_NAME) {
            throw new BackendRejectedException("parameters.agent name and queueloc are at most " + MAX_NAME
                    + " characters");
        }
        AgentEnv env;
        JsonNode envNode = agent.path("environment");
        try {
            env = envNode.isMissingNode() || envNode.isNull() ? AgentEnv.EMPTY
                    : MigJson.mapper().treeToValue(envNode, AgentEnv.class);
        } catch (Exception e) {
            throw new BackendRejectedException("parameters.agent.environment is not MIG's AgentEnv: "
                    + e.getMessage());
        }
        Map<String, String> tags = new TreeMap<>();
        JsonNode tagNode = agent.path("tags");
        if (tagNode.isObject()) {
            tagNode.fields().forEachRemaining(f -> tags.put(f.getKey(),
                    f.getValue().isTextual() ? f.getValue().textValue() : f.getValue().toString()));
        } else if (!tagNode.isMissingNode() && !tagNode.isNull()) {
            throw new BackendRejectedException("parameters.agent.tags must be a JSON object");
        }
        JsonNode obj = root.path("object");
        if (!obj.isMissingNode() && !obj.isNull() && !obj.isTextual()) {
            throw new BackendRejectedException("parameters.object must be a string");
        }
        return new LoaderReport(name, queueLoc, MigJson.write(env), MigJson.write(tags),
                obj.isTextual() ? obj.textValue() : "");
    }

    private static String text(JsonNode o, String field) {
        JsonNode n = o.path(field);
        if (n.isMissingNode() || n.isNull()) {
            return "";
        }
        if (!n.isTextual()) {
            throw new BackendRejectedException("parameters.agent." + field + " must be a string");
        }
        return n.textValue();
    }
}
