package io.gator.scheduler.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.json.MigJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each sink kind writes what receivers expect: JSON lines with ids, MIG's RunnerResult on a plugin's stdin. */
class SinksTest {
    @TempDir
    Path dir;

    static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    @Test
    void jsonLinesSinkAppendsOneRecordPerAgentResultEachWithItsId() throws Exception {
        SinkSettings settings = SinkFixtures.settings(dir, "");
        Sink sink = Sink.of(SinkSpec.parse("jsonl:hunts.jsonl"), settings);
        sink.deliver(SinkFixtures.run(500), "passwd-hunt");
        sink.deliver(SinkFixtures.run(501), "passwd-hunt");
        List<String> lines = Files.readAllLines(dir.resolve("out/hunts.jsonl"));
        assertEquals(4, lines.size());
        JsonNode first = MigJson.mapper().readTree(lines.get(0));
        assertEquals("500-101", first.get("id").asText());
        assertEquals("a001.cap2.test", first.get("agent").get("name").asText());
        assertEquals("/etc/passwd", first.get("results").get(0).get("elements").get("s1").get(0).get("file").asText());
        JsonNode silent = MigJson.mapper().readTree(lines.get(1));
        assertEquals("500-102", silent.get("id").asText());
        assertEquals("expired", silent.get("status").asText());
        assertTrue(silent.get("results").isArray() && silent.get("results").isEmpty());
        assertEquals("501-101", MigJson.mapper().readTree(lines.get(2)).get("id").asText());
    }

    @Test
    void runnerPluginReceivesMigsRunnerResultShapeOnStdin() throws Exception {
        Path exe = SinkFixtures.installPlugin(dir, "recordstdin", null);
        SinkSettings settings = SinkFixtures.settings(dir, "");
        RunnerPluginSink sink = (RunnerPluginSink) Sink.of(SinkSpec.parse("plugin:recordstdin"), settings);
        String doc = SinkRecords.runnerResult(SinkFixtures.run(500), "dump", "recordstdin");
        RunnerPluginSink.Outcome o = sink.run(doc);
        assertEquals(0, o.exitCode());
        byte[] got = Files.readAllBytes(exe.resolveSibling("received.json"));
        assertTrue(o.output().contains("read " + got.length + " bytes, argv=[]"), o.output());
        assertTrue(o.output().contains("a line on stderr"), o.output());
        assertTrue(got[got.length - 1] == '}', "no trailing newline, as mig-runner wrote it");

        JsonNode mine = MigJson.mapper().readTree(got);
        JsonNode mig = SinkFixtures.migRunnerResult();
        assertEquals(keys(mig), keys(mine));
        assertEquals("dump", mine.get("name").asText());
        assertEquals("recordstdin", mine.get("plugin").asText());
        assertEquals(mig.get("action"), mine.get("action"));
        JsonNode migCmd = mig.get("commands").get(0);
        JsonNode myCmd = mine.get("commands").get(0);
        assertEquals(keys(migCmd), keys(myCmd));
        assertEquals(migCmd.get("results"), myCmd.get("results"));
        assertEquals(migCmd.get("status"), myCmd.get("status"));
        assertEquals(migCmd.get("agent").get("name"), myCmd.get("agent").get("name"));
        assertEquals(migCmd.get("action").get("id"), myCmd.get("action").get("id"));
        assertEquals(2, mine.get("commands").size());
    }

    @Test
    void runnerResultHasNullCommandsWhenNoAgentWasTargeted() throws Exception {
        RunResults empty = new RunResults(9, "{\"id\":9}", "expired", java.time.Instant.EPOCH,
                java.time.Instant.EPOCH, List.of());
        JsonNode doc = MigJson.mapper().readTree(SinkRecords.runnerResult(empty, "dump", "p"));
        assertTrue(doc.get("commands").isNull());
    }

    @Test
    void pluginFailingOrHangingFailsTheAttempt() throws Exception {
        SinkFixtures.installPlugin(dir, "fails", "#!/bin/sh\ncat >/dev/null\necho broken\nexit 3\n");
        SinkFixtures.installPlugin(dir, "hangs", "#!/bin/sh\nexec sleep 30\n");
        SinkSettings settings = SinkFixtures.settings(dir, "plugin-timeout = 300ms");
        IOException fails = assertThrows(IOException.class,
                () -> Sink.of(SinkSpec.parse("plugin:fails"), settings).deliver(SinkFixtures.run(1), "x"));
        assertTrue(fails.getMessage().contains("exit status 3"), fails.getMessage());
        IOException hangs = assertThrows(IOException.class,
                () -> Sink.of(SinkSpec.parse("plugin:hangs"), settings).deliver(SinkFixtures.run(1), "x"));
        assertTrue(hangs.getMessage().contains("killed"), hangs.getMessage());
        IOException missing = assertThrows(IOException.class,
                () -> Sink.of(SinkSpec.parse("plugin:nosuch"), settings).deliver(SinkFixtures.run(1), "x"));
        assertTrue(missing.getMessage().contains("not an executable file"), missing.getMessage());
    }

    @Test
    void sinkNamesCannotEscapeTheConfiguredDirectories() {
        for (String bad : List.of("jsonl:../etc/passwd", "jsonl:/tmp/x", "plugin:a/b", "plugin:..", "jsonl:",
                "ftp:x", "webhook:file:///etc/passwd", "webhook:notaurl", "nocolon")) {
            assertThrows(IllegalArgumentException.class, () -> SinkSpec.parse(bad), bad);
        }
        assertEquals("webhook:https://h.example/x", SinkSpec.parse("webhook:https://h.example/x").toString());
    }

    @Test
    void aWebhookOutsideTheAllowedPrefixesIsRefused() {
        SinkSettings settings = SinkFixtures.settings(dir, "webhook-url-prefixes = [\"https://siem.example/\"]");
        settings.check(SinkSpec.parse("webhook:https://siem.example/mig"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings.check(SinkSpec.parse("webhook:http://169.254.169.254/latest")));
        assertTrue(e.getMessage().contains("allowed URL prefix"), e.getMessage());
    }

    @Test
    void aKindTheServerDoesNotAllowIsRefused() {
        SinkSettings settings = SinkFixtures.settings(dir, "allowed = [\"webhook\"]");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sink.of(SinkSpec.parse("plugin:x"), settings));
        assertTrue(e.getMessage().contains("not allowed"), e.getMessage());
    }
}
