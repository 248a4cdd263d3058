package io.gator.cli;

import static io.gator.cli.FakeApi.error;
import static io.gator.cli.FakeApi.items;
import static io.gator.cli.FakeApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.cli.api.MigApiClient;
import io.gator.cli.console.Console;
import io.gator.cli.console.ConsoleSession;
import io.gator.cli.launch.Launcher;
import io.gator.core.action.Action;
import io.gator.core.action.Counters;
import io.gator.core.action.Operation;
import io.gator.core.agent.Agent;
import io.gator.core.command.Command;
import io.gator.core.command.Result;
import io.gator.core.investigator.Permissions;
import io.gator.core.json.MigJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mig console} driven through a JLine terminal on piped streams (what a user types, line by line) against
 * an API stand-in: the readers, search, filters, delegation to {@code mig} and relaunching a copy.
 */
class ConsoleTest {
    private static final OffsetDateTime T = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
    private static final Action ACTION = Action.of(42, "hunt", "status='online'", T, T.plusHours(1),
            List.of(new Operation("file", MigJson.tree("{\"searches\":{}}")))).withStatus("completed",
            new Counters(2, 2, 0, 2, 0, 0, 0, 0));

    /** A console session on {@code api}, its output, and the terminal's transcript. */
    record Run(String out, String err, String terminal, java.util.Optional<Runnable> ctrlC) {}

    static Run console(FakeApi api, Path dir, String typed) throws Exception {
        Path rc = api.migrc(dir);
        // the console's mig runs with the console's configuration as $MIGRC, as MigMain wires it
        MigMainTest.Cli cli = new MigMainTest.Cli(MigMainTest.noInput(), Map.of("MIGRC", rc.toString()));
        MigApiClient client = new MigApiClient(api.url(), java.util.Optional.of(MigMainTest.fakeSigner("A".repeat(40))),
                java.util.Optional.empty(), MigMain.VERSION);
        java.io.PrintStream out = new java.io.PrintStream(cli.out, true, StandardCharsets.UTF_8);
        java.io.PrintStream err = new java.io.PrintStream(cli.err, true, StandardCharsets.UTF_8);
        ConsoleSession session = new ConsoleSession(client, out, err, MigMain.Wiring.defaults().printer(),
                () -> new Launcher(new Launcher.Env(client, MigMainTest.fakeSigner("A".repeat(40)),
                        MigMain.Wiring.defaults().printer(), out, err, Clock.systemUTC(), 0, Duration.ofMillis(20))),
                cli.main::run, cli.ctrlC::set);
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal t = new DumbTerminal(new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), screen)) {
            assertEquals(0, new Console(session).run(t, dir.resolve("history")));
        }
        return new Run(cli.out(), cli.err(), screen.toString(StandardCharsets.UTF_8),
                java.util.Optional.ofNullable(cli.ctrlC.get()));
    }

    private static JsonNode command(long id, String agent, boolean found) {
        Result r = new Result(found, true, MigJson.tree(found ? "{\"/etc/passwd\":{}}" : "{}"), null, List.of());
        return MigJson.mapper().valueToTree(new Command(id, ACTION, Agent.of(agent, "linux." + agent).withId(100 + id),
                "success", List.of(r), T, T));
    }

    private static FakeApi actionApi() throws Exception {
        FakeApi api = new FakeApi();
        api.on("action", r -> ok(items("action", List.of(MigJson.mapper().valueToTree(ACTION)))));
        api.on("search", r -> ok(items("command", List.of(command(1, "web1", true), command(2, "web2", false)))));
        return api;
    }

    @Test
    void theActionReaderShowsCountersCommandsAndFilteredResultsAndExitLeavesIt(@TempDir Path dir) throws Exception {
        try (FakeApi api = actionApi()) {
            Run r = console(api, dir, String.join("\n", "action 42", "counters", "commands", "results all | grep -v web2",
                    "grep -v web1", "exit", "status", "quit", ""));
            assertTrue(r.out().contains("Action: 'hunt'."), r.out());
            assertTrue(r.out().contains("2 sent, 2 done, 2 succeeded"), r.out());
            assertTrue(r.out().matches("(?s).*1\\s+web1\\s+success\\s+found\n2\\s+web2\\s+success\\s*\n2 commands.*"), r.out());
            assertTrue(r.terminal().contains("mig action 42> "), r.terminal());
            assertTrue(r.terminal().contains("mig> "), r.terminal());
            // the results went through MIG's search (no Gator endpoint here), filtered line by line
            // so web1's lines once (results | grep -v web2), then web2's once ('grep -v web1')
            assertEquals(1, r.out().split("web1 command success", -1).length - 1, r.out());
            assertEquals(1, r.out().split("web2 command success", -1).length - 1, r.out());
            assertTrue(r.out().indexOf("web2 command success") > r.out().indexOf("web1 command success"), r.out());
            // back at the top level, status asked the dashboard (absent: an error, and the console went on)
            assertTrue(r.err().contains("error: "), r.err());
            assertFalse(api.requests("dashboard").isEmpty());
            assertTrue(r.out().endsWith("exit\n"), r.out());
            assertTrue(Files.readString(dir.resolve("history")).contains("results all | grep -v web2"));
        }
    }

    @Test
    void searchUsesMigSyntaxAndPrintsATable(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            JsonNode agent = MigJson.mapper().valueToTree(Agent.of("web1.example.net", "linux.web1").withId(7)
                    .withStatus("online"));
            api.on("search", r -> ok(items("agent", List.of(agent))));
            Run r = console(api, dir, "search agent where name=web% and status=online\nsearch agent with x\n");
            assertEquals(List.of("search?type=agent&agentname=web%25&status=online&limit=100"),
                    api.requests("search").stream().map(FakeApi.Request::pathAndQuery).toList());
            assertTrue(r.out().matches("(?s).*ID\\s+NAME\\s+STATUS\\s+LAST HEARTBEAT\n7\\s+web1.example.net\\s+online.*"
                    + "1 agent found.*"), r.out());
            assertTrue(r.err().contains("expected keyword 'where'"), r.err());
        }
    }

    @Test
    void endOfInputLeavesAReaderThenTheConsoleAndUnknownOrdersAreExplained(@TempDir Path dir) throws Exception {
        try (FakeApi api = actionApi()) {
            // end of input is what ctrl+d gives on a real terminal (ConsoleTmuxTest presses the keys)
            api.on("command", r -> ok(items("command", List.of(command(2, "web2", false)))));
            Run r = console(api, dir, "action 42\nfrobnicate\ncommand 2\nhelp\n");
            assertTrue(r.out().contains("command 2 on agent 'web2': status success"), r.out());
            assertEquals(List.of("command?commandid=2"),
                    api.requests("command").stream().map(FakeApi.Request::pathAndQuery).toList());
            assertTrue(r.out().contains("Unknown order 'frobnicate'. You are in action reader mode."), r.out());
            assertTrue(r.out().contains("action reader mode:"), r.out());
            assertTrue(r.out().endsWith("exit\n"), r.out());
        }
    }

    @Test
    void disablingTheLastActiveAdminFromTheInvestigatorReaderIsRefused(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            JsonNode alice = MigMainTest.investigator(1, "alice", "A".repeat(40), "active", Permissions.ALL);
            api.on("investigator", r -> ok(items("investigator", List.of(alice))));
            api.on("search", r -> ok(items("investigator", List.of(alice))));
            api.on("investigator/update/", r -> ok(items("investigator", List.of(alice))));
            Run r = console(api, dir, "investigator 1\ndetails\ndisable -yes\n");
            assertTrue(r.out().contains("Investigator 1 named 'alice', status 'active'"), r.out());
            assertTrue(r.out().contains("Permissions  admin (all)"), r.out());
            assertTrue(r.err().contains("last active admin"), r.err());
            assertTrue(api.requests("investigator/update/").isEmpty());
        }
    }

    @Test
    void aModuleLineLaunchesThroughMigAndCopyRelaunchesWithANewWindowAndSignature(@TempDir Path dir) throws Exception {
        try (FakeApi api = actionApi()) {
            Action created = ACTION.withId(43);
            api.on("action/create/", r -> ok(items("action", List.of(MigJson.mapper().valueToTree(created)))));
            api.on("search", r -> r.pathAndQuery().contains("type=agent")
                    ? ok(items("agent", List.of(MigJson.mapper().valueToTree(Agent.of("web1", "linux.web1").withId(7)))))
                    : error(404, "no results found"));
            Run r = console(api, dir, "file -e 10m -yes -t all -path /etc -name ^passwd$\naction 42\ncopy -yes -e 90s\n");
            List<FakeApi.Request> creates = api.requests("action/create/");
            assertEquals(2, creates.size(), r.err());
            Action launched = MigJson.read(creates.get(0).form().get("action"), Action.class);
            assertEquals("file", launched.operations().get(0).module());
            assertTrue(launched.name().startsWith("file -e 10m -yes -t all -path /etc"), launched.name());
            Action copy = MigJson.read(creates.get(1).form().get("action"), Action.class);
            assertEquals("hunt", copy.name());
            assertEquals(ACTION.target(), copy.target());
            assertEquals(ACTION.operations(), copy.operations());
            assertEquals(List.of("c2lnbmF0dXJl"), copy.pgpSignatures());
            assertEquals(Duration.ofSeconds(90 + 60), Duration.between(copy.validFrom(), copy.expireAfter()));
            assertTrue(copy.validFrom().isAfter(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(2)), copy.validFrom().toString());
            assertTrue(r.err().contains("Following action ID 43."), r.err());
        }
    }

    @Test
    void aCopyIsFollowedWithCtrlCHandledAsMigDoes(@TempDir Path dir) throws Exception {
        try (FakeApi api = actionApi()) {
            api.on("action/create/", r -> ok(items("action", List.of(MigJson.mapper().valueToTree(ACTION.withId(44))))));
            api.on("search", r -> r.pathAndQuery().contains("type=agent")
                    ? ok(items("agent", List.of(MigJson.mapper().valueToTree(Agent.of("web1", "linux.web1").withId(7)))))
                    : error(404, "no results found"));
            Run r = console(api, dir, "action 42\ncopy -yes -t \"name='web1'\"\n");
            assertTrue(r.ctrlC().isPresent(), "no Ctrl-C handler while following the copy");
            Action copy = MigJson.read(api.requests("action/create/").get(0).form().get("action"), Action.class);
            assertEquals("name='web1'", copy.target());
            assertTrue(r.err().contains("Following action ID 44."), r.err());
        }
    }

    /** A standing order as the API's StandingOrderView writes it: one run launched, one missed, one waiting. */
    private static JsonNode order(String status) {
        return MigJson.tree("""
                {"id":7,"name":"file -path /etc -name ^passwd$","status":"%s","postedbyid":1,"postedby":"alice",
                 "createdat":"2026-03-01T09:00:00Z","runs":[
                 {"index":0,"actionid":70,"validfrom":"2026-03-01T09:59:00Z","expireafter":"2026-03-01T10:59:00Z","status":"launched"},
                 {"index":1,"actionid":71,"validfrom":"2026-03-01T10:59:00Z","expireafter":"2026-03-01T11:59:00Z","status":"missed"},
                 {"index":2,"actionid":72,"validfrom":"2026-03-01T11:59:00Z","expireafter":"2026-03-01T12:59:00Z","status":"waiting"}]}
                """.formatted(status));
    }

    @Test
    void theStandingOrderReaderListsShowsDetailsRunsAndJsonAndCancelsThroughMig(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            java.util.concurrent.atomic.AtomicReference<String> status = new java.util.concurrent.atomic.AtomicReference<>("active");
            api.on("schedule/list", r -> ok(items("standing order", List.of(order(status.get())))));
            api.on("schedule", r -> r.pathAndQuery().equals("schedule?id=7") ? ok(items("standing order",
                    List.of(order(status.get())))) : error(404, "standing order not found"));
            api.on("schedule/cancel/", r -> {
                status.set("cancelled");
                return ok(items("standing order", List.of(order("cancelled"))));
            });
            Run r = console(api, dir, String.join("\n", "schedule 8", "schedules", "schedule 7", "details", "runs waiting",
                    "runs sometimes", "json | grep actionid", "cancel", "details | grep Status", "frobnicate", "exit",
                    "schedule list", ""));
            assertTrue(r.out().matches("(?s).*id\\s+status\\s+launched\\s+posted by\\s+name\n"
                    + "7\\s+active\\s+1/3\\s+alice\\s+file -path /etc -name \\^passwd\\$\n1 standing order\n.*"), r.out());
            assertTrue(r.out().contains("Standing order: 'file -path /etc -name ^passwd$'.\nPosted by 'alice'"), r.out());
            assertTrue(r.out().contains("Status 'active', 1 of 3 runs launched."), r.out());
            assertTrue(r.out().contains("Every      1h\n"), r.out());
            assertTrue(r.out().contains("Runs       3: 1 launched, 1 missed, 1 waiting\n"), r.out());
            assertTrue(r.out().contains("Next run   run 2, window opens 2026-03-01T11:59:00Z"), r.out());
            assertTrue(r.out().matches("(?s).*  run 2\\s+action 72\\s+2026-03-01T11:59:00Z \\.\\. 2026-03-01T12:59:00Z  waiting\n"
                    + "1 run waiting .*"), r.out());
            assertTrue(r.err().contains("usage: runs [waiting|launched|missed|all]"), r.err());
            // a missing order on an API that has standing orders is the API's own 404
            assertTrue(r.err().contains("error: standing order not found"), r.err());
            // json filtered: the three runs' action ids, nothing else
            assertEquals(3, r.out().lines().filter(l -> l.contains("\"actionid\"")).count(), r.out());
            assertEquals(1, api.requests("schedule/cancel/").size());
            assertEquals("7", api.requests("schedule/cancel/").get(0).form().get("id"));
            assertTrue(r.err().contains("standing order 7 cancelled: no further run will launch"), r.err());
            assertTrue(r.out().contains("Status     cancelled\n"), r.out());
            assertTrue(r.out().contains("Unknown order 'frobnicate'. You are in standing order reader mode."), r.out());
            assertTrue(r.terminal().contains("mig schedule 7> "), r.terminal());
            // back at the top level, the list again shows the order cancelled
            assertTrue(r.out().matches("(?s).*\n7\\s+cancelled\\s+1/3\\s+alice.*"), r.out());
        }
    }

    @Test
    void aMigApiWithoutStandingOrdersIsSaidSoAndNoReaderIsEntered(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            // a stock MIG API: every schedule route answers 404
            Run r = console(api, dir, "schedules\nschedule 7\ndetails\nschedule\nschedule x\n");
            assertEquals(2, r.out().split("standing orders are not offered by this API", -1).length - 1, r.out());
            assertFalse(r.terminal().contains("mig schedule 7> "), r.terminal());
            // details is no top-level order: the console stayed at the top level
            assertTrue(r.out().contains("Unknown order 'details'. Try `help`."), r.out());
            assertTrue(r.out().contains("schedule <id>                enter standing order reader mode"), r.out());
            assertTrue(r.err().contains("invalid standing order id 'x'"), r.err());
            assertTrue(api.requests("schedule?id=7").size() == 1 && api.requests("schedule/list").size() == 2,
                    api.requests("schedule").toString());
        }
    }
}
