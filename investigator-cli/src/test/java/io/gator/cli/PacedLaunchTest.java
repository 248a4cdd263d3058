package io.gator.cli;

import static io.gator.cli.FakeApi.items;
import static io.gator.cli.FakeApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.core.action.Counters;
import io.gator.core.json.MigJson;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -pace} and {@code -inflight}: sent as Gator's form fields only when given, checked, shown while sending. */
class PacedLaunchTest {

    /** Three agents; the action is polled as inflight with one command sent, then two, then completed. */
    private static void slowlySentAction(FakeApi api) {
        List<JsonNode> agents = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            agents.add(JsonNodeFactory.instance.objectNode().put("id", i).put("name", "agent" + i)
                    .put("status", "online"));
        }
        api.on("search", r -> ok(items("agent", agents)));
        AtomicReference<ObjectNode> action = new AtomicReference<>();
        AtomicInteger polls = new AtomicInteger();
        api.on("action/create/", r -> {
            ObjectNode a = (ObjectNode) MigJson.tree(r.form().get("action"));
            a.put("id", 9).put("status", "preparing");
            polls.set(0); // each launch is polled from its start
            a.set("counters", MigJson.mapper().valueToTree(Counters.ZERO));
            action.set(a);
            return new FakeApi.Reply(202, items("action ID 9", List.of(a)));
        });
        api.on("action", r -> {
            int n = polls.incrementAndGet();
            ObjectNode a = action.get().deepCopy();
            a.put("status", n >= 3 ? "completed" : "preparing");
            a.set("counters", MigJson.mapper().valueToTree(n >= 3 ? new Counters(3, 3, 0, 3, 0, 0, 0, 0)
                    : new Counters(n, n, 0, n, 0, 0, 0, 0)));
            return ok(items("action", List.of(a)));
        });
    }

    private static MigMainTest.Cli cli() {
        return new MigMainTest.Cli(InputStream.nullInputStream(), Map.of());
    }

    private static int launch(FakeApi api, Path dir, MigMainTest.Cli cli, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("file", "-c", api.migrc(dir).toString(), "-yes"));
        args.addAll(List.of(extra));
        args.addAll(List.of("-path", "/etc"));
        return cli.main.run(args);
    }

    @Test
    void paceAndInFlightAreSentOnlyWhenGivenAndTheProgressLineShowsThePace(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            slowlySentAction(api);
            MigMainTest.Cli paced = cli();
            assertEquals(0, launch(api, dir, paced, "-pace", "100", "-inflight=50"), paced.err());
            Map<String, String> form = api.requests("action/create/").get(0).form();
            assertEquals("100", form.get("pace"));
            assertEquals("50", form.get("inflight"));
            assertTrue(paced.err().contains("dispatching at 100 commands/s, at most 50 in flight: 1 of 3 sent"),
                    paced.err());
            assertTrue(paced.err().contains("dispatching at 100 commands/s, at most 50 in flight: 2 of 3 sent"),
                    paced.err());

            MigMainTest.Cli rateOnly = cli();
            assertEquals(0, launch(api, dir, rateOnly, "-pace", "7"), rateOnly.err());
            assertFalse(api.requests("action/create/").get(1).form().containsKey("inflight"));
            assertTrue(rateOnly.err().contains("dispatching at 7 commands/s: 1 of 3 sent"), rateOnly.err());

            MigMainTest.Cli plain = cli();
            assertEquals(0, launch(api, dir, plain), plain.err());
            Map<String, String> mig = api.requests("action/create/").get(2).form();
            assertEquals(List.of("action"), List.copyOf(mig.keySet()), "MIG's form unchanged without the flags");
            assertFalse(plain.err().contains("dispatching"), plain.err());
        }
    }

    @Test
    void aPaceOutsideOneToAMillionIsRefusedBeforeAnythingIsSent(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            slowlySentAction(api);
            for (String bad : List.of("0", "-3", "1000001", "fast", "2.5", "")) {
                MigMainTest.Cli cli = cli();
                assertEquals(ExitCode.ERROR.code(), launch(api, dir, cli, "-pace", bad), bad + ": " + cli.err());
                assertTrue(cli.err().contains("invalid -pace '" + bad + "': an integer from 1 to 1000000 "
                        + "(commands per second)"), cli.err());
            }
            MigMainTest.Cli cli = cli();
            assertEquals(ExitCode.ERROR.code(), launch(api, dir, cli, "-inflight", "0"), cli.err());
            assertTrue(cli.err().contains("invalid -inflight '0': an integer from 1 to 1000000 (commands in flight)"),
                    cli.err());
            assertTrue(api.requests("action/create/").isEmpty(), "nothing launched");
        }
    }

    @Test
    void scheduleRefusesAPaceWithTheReason(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            slowlySentAction(api);
            MigMainTest.Cli cli = cli();
            assertEquals(ExitCode.ERROR.code(), cli.main.run(List.of("schedule", "file", "-c",
                    api.migrc(dir).toString(), "-pace", "10", "-every", "1h", "-for", "2h", "-path", "/etc")), cli.err());
            assertTrue(cli.err().contains("-pace and -inflight apply to an action launched now, not to mig schedule's "
                    + "runs"), cli.err());
            assertTrue(api.requests("schedule/create/").isEmpty());
        }
    }

    @Test
    void theUsageListsTheFlags() {
        MigMainTest.Cli cli = cli();
        cli.main.run(List.of("help"));
        String usage = cli.out() + cli.err();
        assertTrue(usage.contains("-pace <n>") && usage.contains("-inflight <n>"), usage);
    }
}
