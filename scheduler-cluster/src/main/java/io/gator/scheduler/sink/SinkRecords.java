package io.gator.scheduler.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.core.json.MigJson;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON documents sinks write: one record per agent result (JSON-lines, webhook) and MIG's RunnerResult for
 * runner plugins. Results are embedded as JSON, never re-rendered as text.
 */
public final class SinkRecords {
    private static final ObjectMapper JSON = MigJson.mapper();

    private SinkRecords() {}

    /** One record per command, each carrying {@code id} = action id + command id. */
    public static List<ObjectNode> records(RunResults run, String orderName) {
        List<ObjectNode> out = new ArrayList<>(run.commands().size());
        for (RunResults.CommandResult c : run.commands()) {
            ObjectNode r = JSON.createObjectNode();
            r.put("id", c.recordId(run.actionId()));
            r.put("actionid", run.actionId());
            r.put("commandid", c.commandId());
            r.put("name", orderName);
            r.put("actionstatus", run.status());
            ObjectNode agent = r.putObject("agent");
            agent.put("id", c.agent().agentId());
            agent.put("name", c.agent().name());
            agent.put("queueloc", c.agent().queueLoc());
            r.put("status", c.status());
            r.set("results", parse(c.resultsJson()));
            out.add(r);
        }
        return out;
    }

    /** JSON-lines text of {@link #records}: one compact document per line, each line ending in a newline. */
    public static String jsonLines(RunResults run, String orderName) {
        StringBuilder sb = new StringBuilder();
        for (ObjectNode r : records(run, orderName)) {
            sb.append(write(r)).append('\n');
        }
        return sb.toString();
    }

    /** A webhook body: the run's id and its records. */
    public static String webhookBody(RunResults run, String orderName) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", Long.toString(run.actionId()));
        body.put("name", orderName);
        ArrayNode records = body.putArray("records");
        records(run, orderName).forEach(records::add);
        return write(body);
    }

    /**
     * MIG's {@code RunnerResult} (mig-runner/runner.go): {@code action}, {@code commands} (MIG commands: id,
     * action, agent, status, results, start and finish times; {@code null} when none came back), {@code name} (the
     * runner entity: here the order's name) and {@code plugin}; top-level keys in MIG's order.
     */
    public static String runnerResult(RunResults run, String name, String plugin) {
        ObjectNode doc = JSON.createObjectNode();
        JsonNode action = parse(run.actionJson());
        doc.set("action", action);
        if (run.commands().isEmpty()) {
            doc.putNull("commands");
        } else {
            ArrayNode cmds = doc.putArray("commands");
            for (RunResults.CommandResult c : run.commands()) {
                ObjectNode cmd = cmds.addObject();
                cmd.put("id", c.commandId());
                ObjectNode finalAction = action.isObject() ? ((ObjectNode) action).deepCopy() : JSON.createObjectNode();
                finalAction.put("status", run.status());
                cmd.set("action", finalAction);
                ObjectNode agent = cmd.putObject("agent");
                agent.put("id", c.agent().agentId());
                agent.put("name", c.agent().name());
                agent.put("queueloc", c.agent().queueLoc());
                agent.put("mode", c.agent().mode());
                agent.put("version", c.agent().version());
                cmd.put("status", c.status());
                cmd.set("results", parse(c.resultsJson()));
                cmd.put("starttime", run.startTime().toString());
                cmd.put("finishtime", run.finishTime().toString());
            }
        }
        doc.put("name", name);
        doc.put("plugin", plugin);
        return write(doc);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            // stored by the scheduler itself; keep the text rather than lose a result
            return JSON.getNodeFactory().textNode(json);
        }
    }

    private static String write(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
