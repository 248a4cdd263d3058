package io.gator.cli;

import static io.gator.cli.FakeApi.items;
import static io.gator.cli.FakeApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.cli.schedule.Series;
import io.gator.core.action.Action;
import io.gator.core.action.SignedString;
import io.gator.core.json.MigJson;
import io.gator.core.sign.KeyGen;
import io.gator.core.sign.Keyring;
import io.gator.core.sign.PgpSigner;
import io.gator.core.sign.PgpVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mig schedule}: a series built and signed here, one action per run, each window its own, posted whole. */
class ScheduleCommandTest {
    static final KeyGen.GeneratedKey KEY = KeyGen.rsa("scheduler test <s@example.net>", 2048);

    static MigMainTest.Cli cli() throws Exception {
        PgpSigner pgp = PgpSigner.of(KEY);
        return new MigMainTest.Cli(MigMainTest.noInput(), Map.of(), rc -> data -> pgp.sign(data));
    }

    @Test
    void aSeriesHasOneSignedActionPerRunWithConsecutiveWindowsAndItsOwnIds(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            api.on("schedule/create/", r -> {
                JsonNode series = MigJson.tree(r.form().get("schedule"));
                ObjectNode order = MigJson.mapper().createObjectNode().put("id", 77).put("name",
                        series.path("name").asText()).put("status", "active");
                order.set("runs", series.path("actions"));
                return new FakeApi.Reply(202, items("standing order", List.of(order)));
            });
            MigMainTest.Cli cli = cli();
            Instant start = Instant.parse("2030-05-01T12:00:00Z");
            int code = cli.main.run(List.of("schedule", "file", "-c", api.migrc(dir).toString(), "-t", "status='online'",
                    "-every", "1h", "-for", "5h", "-start", start.toString(), "-path", "/etc", "-name", "^passwd$"));
            assertEquals(0, code, cli.err());
            assertEquals("77", cli.out().trim());
            JsonNode posted = MigJson.tree(api.requests("schedule/create/").get(0).form().get("schedule"));
            List<Action> runs = new ArrayList<>();
            posted.path("actions").forEach(a -> runs.add(MigJson.read(a.toString(), Action.class)));
            assertEquals(5, runs.size());
            PgpVerifier verifier = new PgpVerifier(Keyring.ofArmored(KEY.armoredPublicKey()));
            Set<Long> ids = new HashSet<>();
            for (int k = 0; k < runs.size(); k++) {
                Action a = runs.get(k);
                Instant at = start.plus(Duration.ofHours(k));
                assertEquals(at.minusSeconds(60), a.validFrom().toInstant(), "run " + k + " opens at its hour");
                assertEquals(at.plus(Duration.ofMinutes(59)), a.expireAfter().toInstant(), "and closes before the next");
                if (k > 0) {
                    assertTrue(!a.validFrom().isBefore(runs.get(k - 1).expireAfter()), "windows do not overlap");
                }
                assertTrue(ids.add(a.id()), "each run has its own id");
                assertEquals("status='online'", a.target());
                assertEquals(1, a.pgpSignatures().size());
                assertEquals(KEY.fingerprint().toUpperCase(), verifier.verify(
                        SignedString.of(a).getBytes(StandardCharsets.UTF_8), a.pgpSignatures().get(0)).toUpperCase(),
                        "run " + k + "'s signature verifies over its own window");
            }
            // one run edited after signing no longer verifies: the API refuses such a series whole
            Action tampered = runs.get(2).withTarget("status='online' OR 1=1");
            try {
                verifier.verify(SignedString.of(tampered).getBytes(StandardCharsets.UTF_8),
                        tampered.pgpSignatures().get(0));
                throw new AssertionError("a tampered run verified");
            } catch (io.gator.core.sign.SignatureException expected) {
                // refused
            }
        }
    }

    @Test
    void sinksArePostedBesideTheSignedSeriesOnePerLine(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            api.on("schedule/create/", r -> new FakeApi.Reply(202, items("standing order",
                    List.of(MigJson.mapper().createObjectNode().put("id", 78)))));
            MigMainTest.Cli cli = cli();
            int code = cli.main.run(List.of("schedule", "file", "-c", api.migrc(dir).toString(), "-t",
                    "status='online'", "-every", "1h", "-for", "2h", "-sink", "jsonl:passwd.jsonl", "-sink",
                    "webhook:https://hooks.example/mig", "-sink", "plugin:runner-scribe", "-path", "/etc", "-name",
                    "^passwd$"));
            assertEquals(0, code, cli.err());
            Map<String, String> form = api.requests("schedule/create/").get(0).form();
            assertEquals("jsonl:passwd.jsonl\nwebhook:https://hooks.example/mig\nplugin:runner-scribe",
                    form.get("sinks"));
            JsonNode posted = MigJson.tree(form.get("schedule"));
            assertTrue(!posted.toString().contains("passwd.jsonl"), "sinks are not inside the signed actions");
        }
    }

    @Test
    void aSinkNamingAPathIsRefusedBeforeAnythingIsSigned(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            MigMainTest.Cli cli = cli();
            int code = cli.main.run(List.of("schedule", "file", "-c", api.migrc(dir).toString(), "-every", "1h",
                    "-for", "2h", "-sink", "jsonl:../../etc/cron.d/x", "-path", "/etc", "-name", "^passwd$"));
            assertEquals(ExitCode.ERROR.code(), code);
            assertTrue(cli.err().contains("invalid -sink"), cli.err());
            assertTrue(api.requests("schedule/create/").isEmpty());
        }
    }

    @Test
    void aPerRunExpiryLongerThanThePeriodIsRefusedBeforeAnythingIsSigned(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            MigMainTest.Cli cli = cli();
            int code = cli.main.run(List.of("schedule", "file", "-c", api.migrc(dir).toString(), "-e", "2h",
                    "-every", "1h", "-for", "5h", "-path", "/etc", "-name", "^passwd$"));
            assertEquals(ExitCode.ERROR.code(), code);
            assertTrue(cli.err().contains("must end before the next one opens"), cli.err());
            assertTrue(api.requests("schedule/create/").isEmpty());
        }
    }

    @Test
    void runsAreCountedFromTheSpanAndDaysAreAccepted() {
        Series.Plan p = new Series.Plan(Instant.EPOCH, Duration.ofHours(1),
                io.gator.cli.schedule.ScheduleCommand.duration("7d"), Duration.ofMinutes(10));
        assertEquals(168, p.runs());
        assertEquals(3, new Series.Plan(Instant.EPOCH, Duration.ofSeconds(5), Duration.ofSeconds(11),
                Duration.ofSeconds(3)).runs());
    }

    @Test
    void listShowsEachOrderWithItsLaunchedRuns(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            ObjectNode order = (ObjectNode) MigJson.tree("{\"id\":77,\"name\":\"hourly\",\"status\":\"active\","
                    + "\"postedby\":\"alice\",\"runs\":[{\"status\":\"launched\"},{\"status\":\"waiting\"}]}");
            api.on("schedule/list", r -> ok(items("standing order", List.of(order))));
            MigMainTest.Cli cli = cli();
            assertEquals(0, cli.main.run(List.of("schedule", "list", "-c", api.migrc(dir).toString())), cli.err());
            assertTrue(cli.out().lines().anyMatch(l -> l.matches("77\\s+active\\s+1/2\\s+alice\\s+hourly")), cli.out());
        }
    }
}
