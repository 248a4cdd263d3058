package io.gator.cli;

import static io.gator.cli.FakeApi.error;
import static io.gator.cli.FakeApi.items;
import static io.gator.cli.FakeApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.action.Action;
import io.gator.core.action.Operation;
import io.gator.core.agent.Agent;
import io.gator.core.command.Command;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mig action results}: a past action's results as MIG's lines or as flat rows, through either API. */
class ActionResultsTest {
    private static final OffsetDateTime T = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
    private static final Action ACTION = Action.of(42, "hunt", "status='online'", T, T.plusHours(1),
            List.of(new Operation("custom", MigJson.tree("{}"))));

    /** web1 found two elements, web2 nothing, web3 timed out. */
    private static List<JsonNode> commands() {
        return List.of(
                command(1, "web1", "success", List.of(new Result(true, true,
                        MigJson.tree("{\"/etc/passwd\":{\"size\":10,\"mode\":{\"octal\":\"644\"}},\"/etc/a,b\":{\"size\":3}}"),
                        null, List.of()))),
                command(2, "web2", "success", List.of(new Result(false, true, MigJson.tree("{}"), null, List.of()))),
                command(3, "web3", "timeout", List.of()));
    }

    private static JsonNode command(long id, String agent, String status, List<Result> results) {
        Command c = new Command(id, ACTION, Agent.of(agent, "linux." + agent).withId(100 + id), status, results, T, T);
        return MigJson.mapper().valueToTree(c);
    }

    private static MigMainTest.Cli run(FakeApi api, Path dir, String... args) throws Exception {
        MigMainTest.Cli cli = new MigMainTest.Cli(new ByteArrayInputStream(new byte[0]), Map.of());
        List<String> argv = new java.util.ArrayList<>(List.of("action", "results", "42", "-c", api.migrc(dir).toString()));
        argv.addAll(List.of(args));
        assertEquals(0, cli.main.run(argv), cli.err());
        return cli;
    }

    @Test
    void csvHasOneRowPerAgentPerElementWithFlattenedFields(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            api.on("action/results", r -> ok(items("command", commands())));
            MigMainTest.Cli cli = run(api, dir, "-show", "all", "-render", "csv");
            assertEquals("""
                    agent,agentid,commandid,status,module,found,element,size,mode.octal
                    web1,101,1,success,custom,true,/etc/passwd,10,644
                    web1,101,1,success,custom,true,"/etc/a,b",3,
                    web2,102,2,success,custom,false,,,
                    web3,103,3,timeout,,false,,,
                    """, cli.out());
            assertEquals(List.of("action/results?actionid=42&limit=1000&offset=0"),
                    api.requests("action/").stream().map(FakeApi.Request::pathAndQuery).toList());
        }
    }

    @Test
    void jsonLinesShowFoundOnlyByDefault(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            api.on("action/results", r -> ok(items("command", commands())));
            String[] lines = run(api, dir, "-render", "json").out().split("\n");
            assertEquals(2, lines.length);
            JsonNode first = MigJson.tree(lines[0]);
            assertEquals("web1", first.get("agent").asText());
            assertEquals("644", first.get("mode.octal").asText());
        }
    }

    @Test
    void textIsMigsResultLinesAndNotfoundListsTheOthers(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            api.on("action/results", r -> ok(items("command", commands())));
            String found = run(api, dir).out();
            assertTrue(found.startsWith("web1 [custom] {\"/etc/passwd\""), found);
            assertEquals(1, found.split("\n").length);
            MigMainTest.Cli notFound = run(api, dir, "-show", "notfound");
            assertTrue(notFound.out().contains("web2 command success"), notFound.out());
            assertTrue(notFound.err().contains("web3 command did not succeed. status=timeout"), notFound.err());
        }
    }

    @Test
    void aStockMigApiIsReadThroughItsSearchPageByPage(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            api.on("action/results", r -> error(404, "no such endpoint"));
            List<JsonNode> many = new java.util.ArrayList<>();
            for (int i = 0; i < 150; i++) {
                many.add(command(i + 1, "h" + i, "success", List.of(new Result(true, true,
                        MigJson.tree("{\"x\":{\"n\":" + i + "}}"), null, List.of()))));
            }
            api.on("search", r -> {
                int offset = r.pathAndQuery().contains("offset=100") ? 100 : 0;
                return ok(items("command", many.subList(offset, Math.min(offset + 100, many.size()))));
            });
            String[] lines = run(api, dir, "-render", "json").out().split("\n");
            assertEquals(150, lines.length);
            assertEquals("h149", MigJson.tree(lines[149]).get("agent").asText());
            assertEquals(2, api.requests("search").size());
        }
    }

    @Test
    void showEndsWithWhatTheAgentsAnswered(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            api.on("action/results", r -> ok(items("command", commands())));
            api.on("action", r -> ok(items("action", List.of(MigJson.mapper().valueToTree(ACTION)))));
            MigMainTest.Cli cli = new MigMainTest.Cli(new ByteArrayInputStream(new byte[0]), Map.of());
            assertEquals(0, cli.main.run(List.of("action", "show", "42", "-c", api.migrc(dir).toString())), cli.err());
            assertTrue(cli.out().startsWith("action 42 'hunt'"), cli.out());
            assertTrue(cli.out().endsWith("  results: 1 found, 1 not found, 1 timeout\n"), cli.out());
        }
    }

    @Test
    void anUnknownActionOnGatorIsAnErrorNotAFallback(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            api.on("action/results", r -> error(404, "Action ID '42' not found"));
            MigMainTest.Cli cli = new MigMainTest.Cli(new ByteArrayInputStream(new byte[0]), Map.of());
            int rc = cli.main.run(List.of("action", "results", "42", "-c", api.migrc(dir).toString()));
            assertTrue(rc != 0);
            assertTrue(cli.err().contains("Action ID '42' not found"), cli.err());
            assertEquals(0, api.requests("search").size());
        }
    }
}
