package io.gator.cli;

import static io.gator.cli.FakeApi.items;
import static io.gator.cli.FakeApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.core.action.Action;
import io.gator.core.action.Counters;
import io.gator.core.action.Operation;
import io.gator.core.agent.Agent;
import io.gator.core.command.Command;
import io.gator.core.json.MigJson;
import io.gator.core.json.MigTime;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mig follows a launched action through the API's event stream where there is one, and polls where there is none. */
class FollowStreamTest {

    private static AtomicReference<ObjectNode> api(FakeApi api, String status, Counters counters) {
        api.on("search", r -> ok(items("agent", List.of(MigExitCodesTest.agent(1), MigExitCodesTest.agent(2)))));
        AtomicReference<ObjectNode> action = new AtomicReference<>();
        api.on("action/create/", r -> {
            ObjectNode a = (ObjectNode) MigJson.tree(r.form().get("action"));
            a.put("id", 9).put("status", status);
            a.set("counters", MigJson.mapper().valueToTree(counters));
            action.set(a);
            return new FakeApi.Reply(202, items("action ID 9", List.of(a)));
        });
        api.on("action", r -> ok(items("action", List.of(action.get()))));
        return action;
    }

    private static String result(long id, String agent, long eventId) {
        Action a = Action.of(9, "find", "all", MigTime.ZERO, MigTime.ZERO,
                List.of(new Operation("file", MigJson.tree("{}"), false, false)));
        Command c = new Command(id, a, Agent.of(agent, "linux." + agent), "success", List.of(), MigTime.ZERO,
                MigTime.ZERO);
        return "event: result\nid: " + eventId + "\ndata: " + MigJson.write(c) + "\n\n";
    }

    private static String state(String event, long eventId, String status, Counters c) {
        return "event: " + event + "\nid: " + eventId + "\ndata: {\"actionid\":9,\"status\":\"" + status
                + "\",\"counters\":" + MigJson.write(c) + "}\n\n";
    }

    private static int launch(FakeApi api, Path dir, MigMainTest.Cli cli) throws Exception {
        return cli.main.run(List.of("file", "-c", api.migrc(dir).toString(), "-yes", "-show", "all", "-path", "/etc"));
    }

    @Test
    void theStreamDeliversResultsAndTheFinalStatusWithoutPollingOrSearching(@TempDir Path dir) throws Exception {
        Counters done = new Counters(2, 2, 0, 2, 0, 0, 0, 0);
        try (FakeApi api = new FakeApi()) {
            api(api, "inflight", new Counters(2, 0, 2, 0, 0, 0, 0, 0)); // polling would never end
            api.onRaw("action/stream", (r, h) -> new FakeApi.RawReply(200, "text/event-stream",
                    ": keep-alive\n\n" + state("progress", 0, "inflight", new Counters(2, 0, 2, 0, 0, 0, 0, 0))
                            + result(12, "agent2", 1) + result(11, "agent1", 2) + state("progress", 2, "completed", done)
                            + state("done", 2, "completed", done)));
            MigMainTest.Cli cli = new MigMainTest.Cli(InputStream.nullInputStream(), Map.of());
            assertEquals(0, launch(api, dir, cli), cli.err());
            assertTrue(api.requests("action?").isEmpty(), "no polling: " + api.requests);
            assertTrue(api.requests("search?type=command").isEmpty(), "results came from the stream: " + api.requests);
            // MIG's output, in command ID order as the API pages them
            assertEquals("agent1 command success\nagent2 command success\n", cli.out());
            assertTrue(cli.err().contains("2 sent, 2 done, 2 succeeded"), cli.err());
            assertTrue(cli.err().contains("2 agents have all results"), cli.err());
        }
    }

    @Test
    void aBrokenStreamIsResumedAfterTheLastEventReceived(@TempDir Path dir) throws Exception {
        Counters done = new Counters(2, 2, 0, 2, 0, 0, 0, 0);
        try (FakeApi api = new FakeApi()) {
            api(api, "inflight", new Counters(2, 0, 2, 0, 0, 0, 0, 0));
            List<String> lastIds = new ArrayList<>();
            AtomicInteger calls = new AtomicInteger();
            api.onRaw("action/stream", (r, h) -> {
                lastIds.add(h.getFirst("Last-Event-ID") == null ? "" : h.getFirst("Last-Event-ID"));
                // the first answer ends after one result, without "done": as a dropped connection does
                return calls.getAndIncrement() == 0
                        ? new FakeApi.RawReply(200, "text/event-stream", result(11, "agent1", 1))
                        : new FakeApi.RawReply(200, "text/event-stream", result(12, "agent2", 2)
                                + state("done", 2, "completed", done));
            });
            MigMainTest.Cli cli = new MigMainTest.Cli(InputStream.nullInputStream(), Map.of());
            assertEquals(0, launch(api, dir, cli), cli.err());
            assertEquals(List.of("", "1"), lastIds);
            assertEquals("agent1 command success\nagent2 command success\n", cli.out());
        }
    }

    @Test
    void aServerWithoutTheStreamIsPolledAsMigDoes(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            api(api, "completed", new Counters(2, 2, 0, 2, 0, 0, 0, 0)); // no action/stream: 404
            MigMainTest.Cli cli = new MigMainTest.Cli(InputStream.nullInputStream(), Map.of());
            assertEquals(0, launch(api, dir, cli), cli.err());
            assertEquals(1, api.requests("action/stream").size());
            assertTrue(!api.requests("action?").isEmpty(), "polled: " + api.requests);
            assertTrue(!api.requests("search?type=command").isEmpty(), "results read from the API");
            assertTrue(cli.err().contains("2 sent, 2 done, 2 succeeded"), cli.err());
        }
    }
}
