package io.gator.cli;

import static io.gator.cli.FakeApi.items;
import static io.gator.cli.FakeApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes a script can trust: each outcome of a launch, and usage errors. */
class MigExitCodesTest {

    static JsonNode agent(long id) {
        return JsonNodeFactory.instance.objectNode().put("id", id).put("name", "agent" + id).put("status", "online");
    }

    /** An API whose actions end at once with {@code counters}, for {@code agents} agents. */
    private static void finishingActions(FakeApi api, int agents, Counters counters) {
        List<JsonNode> found = new ArrayList<>();
        for (int i = 1; i <= agents; i++) {
            found.add(agent(i));
        }
        api.on("search", r -> ok(items("agent", found)));
        AtomicReference<ObjectNode> action = new AtomicReference<>();
        api.on("action/create/", r -> {
            ObjectNode a = (ObjectNode) MigJson.tree(r.form().get("action"));
            a.put("id", 9).put("status", "completed");
            a.set("counters", MigJson.mapper().valueToTree(counters));
            action.set(a);
            return new FakeApi.Reply(202, items("action ID 9", List.of(a)));
        });
        api.on("action", r -> ok(items("action", List.of(action.get()))));
    }

    private static int launch(FakeApi api, Path dir, MigMainTest.Cli cli, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("file", "-c", api.migrc(dir).toString(), "-yes"));
        args.addAll(List.of(extra));
        args.addAll(List.of("-path", "/etc"));
        return cli.main.run(args);
    }

    private static MigMainTest.Cli cli() {
        return new MigMainTest.Cli(InputStream.nullInputStream(), Map.of());
    }

    @Test
    void zeroWhenEveryTargetedAgentAnsweredSuccess(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            finishingActions(api, 2, new Counters(2, 2, 0, 2, 0, 0, 0, 0));
            MigMainTest.Cli cli = cli();
            assertEquals(0, launch(api, dir, cli), cli.err());
        }
    }

    @Test
    void aFailedTimedOutOrExpiredCommandGivesItsCode(@TempDir Path dir) throws Exception {
        for (Counters c : List.of(new Counters(2, 2, 0, 1, 0, 0, 1, 0), new Counters(2, 2, 0, 1, 0, 0, 0, 1),
                new Counters(2, 2, 0, 1, 0, 1, 0, 0))) {
            try (FakeApi api = new FakeApi()) {
                finishingActions(api, 2, c);
                MigMainTest.Cli cli = cli();
                assertEquals(ExitCode.COMMANDS_UNSUCCESSFUL.code(), launch(api, dir, cli), c + "\n" + cli.err());
            }
        }
    }

    @Test
    void anAgentThatNeverAnsweredIsNotASuccess() {
        assertEquals(ExitCode.COMMANDS_UNSUCCESSFUL, ExitCode.of(new Counters(1, 1, 0, 1, 0, 0, 0, 0), 2));
        assertEquals(ExitCode.COMMANDS_UNSUCCESSFUL, ExitCode.of(Counters.ZERO, 0));
        assertEquals(ExitCode.OK, ExitCode.of(new Counters(2, 2, 0, 2, 0, 0, 0, 0), 2));
    }

    @Test
    void anActionThatTargetsNoAgentIsNotLaunchedUnlessForced(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            finishingActions(api, 0, Counters.ZERO);
            MigMainTest.Cli cli = cli();
            assertEquals(ExitCode.NO_AGENT_TARGETED.code(), launch(api, dir, cli), cli.err());
            assertTrue(api.requests("action/create/").isEmpty(), "launched anyway");
            assertTrue(cli.err().contains("action not launched (-force launches it anyway)"), cli.err());

            MigMainTest.Cli forced = cli();
            assertEquals(ExitCode.COMMANDS_UNSUCCESSFUL.code(), launch(api, dir, forced, "-force"), forced.err());
            assertEquals(1, api.requests("action/create/").size());
        }
    }

    @Test
    void lateReachIsAskedForOnlyWithTheFlagAndLaunchesOnAnEmptyTarget(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            finishingActions(api, 0, Counters.ZERO);
            MigMainTest.Cli late = cli();
            launch(api, dir, late, "-latereach");
            assertEquals(1, api.requests("action/create/").size(), late.err());
            assertEquals("true", api.requests("action/create/").get(0).form().get("latereach"));

            MigMainTest.Cli plain = cli();
            launch(api, dir, plain, "-force");
            assertEquals(2, api.requests("action/create/").size(), plain.err());
            assertTrue(!api.requests("action/create/").get(1).form().containsKey("latereach"),
                    "MIG's form unchanged without the flag");

            // a standing order asks for it for every run, in the same form field
            MigMainTest.Cli schedule = cli();
            schedule.main.run(List.of("schedule", "file", "-c", api.migrc(dir).toString(), "-latereach", "-every",
                    "1h", "-for", "2h", "-path", "/etc"));
            assertEquals(1, api.requests("schedule/create/").size(), schedule.err());
            assertEquals("true", api.requests("schedule/create/").get(0).form().get("latereach"));
        }
    }

    @Test
    void usageAndApiErrorsGiveMigsOne(@TempDir Path dir) throws Exception {
        MigMainTest.Cli cli = cli();
        assertEquals(ExitCode.ERROR.code(), cli.main.run(List.of("file", "-nosuchflag")), cli.err());
        try (FakeApi api = new FakeApi()) {
            api.on("search", r -> FakeApi.error(500, "database down"));
            MigMainTest.Cli failing = cli();
            assertEquals(ExitCode.ERROR.code(), launch(api, dir, failing), failing.err());
        }
    }
}
