package io.gator.platform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.cli.MigMain;
import io.gator.cli.api.MigApiClient;
import io.gator.cli.config.MigRc;
import io.gator.cli.console.Console;
import io.gator.cli.console.ConsoleSession;
import io.gator.core.json.MigJson;
import io.gator.core.sign.KeyGen;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mig console}'s standing order reader against the real API (one scheduler+API node on PostgreSQL and
 * RabbitMQ): an order posted by {@code mig schedule} whose first run launched at once and whose second waits an hour
 * is listed, read (details, runs, JSON) and cancelled from the reader; the CLI then sees it cancelled.
 */
class ConsoleScheduleTest {
    @Test
    void theReaderShowsARealOrdersRunsAndCancelsTheRunsToCome(@TempDir Path dir) throws Exception {
        KeyGen.GeneratedKey alice = KeyGen.ed25519("alice <alice@example.net>");
        Path etc = TestPlatform.etcWithPasswd(dir);
        try (TestPlatform platform = TestPlatform.start(dir, TestPlatform.Setup.of("consolesched", 1, alice))) {
            Path rc = platform.migrc("alice");
            EndToEndTest.Run posted = EndToEndTest.mig(List.of("schedule", "file", "-c", rc.toString(), "-t", "all",
                    "-every", "1h", "-for", "2h", "-path", etc.toString(), "-name", "^passwd$"));
            assertEquals(0, posted.code(), posted.err());
            String id = posted.out().trim();
            String firstAction = firstLaunched(rc, id);

            ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
            ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
            PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
            MigRc migRc = MigRc.read(rc);
            MigApiClient api = new MigApiClient(migRc.apiUrl(),
                    Optional.of(MigMain.Wiring.defaults().signers().apply(migRc)), Optional.empty(), MigMain.VERSION);
            ConsoleSession session = new ConsoleSession(api, out, err, MigMain.Wiring.defaults().printer(),
                    () -> {
                        throw new IllegalStateException("this test relaunches nothing");
                    },
                    argv -> {
                        // the console's mig, with the console's configuration (as MigMain wires it)
                        List<String> withRc = new ArrayList<>(argv);
                        withRc.addAll(List.of("-c", rc.toString()));
                        EndToEndTest.Run r = EndToEndTest.mig(withRc);
                        out.print(r.out());
                        err.print(r.err());
                        return r.code();
                    }, ctrlC -> { });
            // the list reads the projection's tables, which trail a new order by about a second
            for (long deadline = System.currentTimeMillis() + 20_000; ; Thread.sleep(200)) {
                EndToEndTest.Run listed = EndToEndTest.mig(List.of("schedule", "list", "-c", rc.toString()));
                if (listed.out().contains(String.valueOf(id))) {
                    break;
                }
                assertTrue(System.currentTimeMillis() < deadline, "never listed: " + listed.out());
            }
            String typed = String.join("\n", "schedules", "schedule " + id, "details", "runs launched",
                    "json | grep actionid", "cancel", "details | grep Status", "exit", "");
            ByteArrayOutputStream screen = new ByteArrayOutputStream();
            try (Terminal t = new DumbTerminal(new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), screen)) {
                assertEquals(0, new Console(session).run(t, dir.resolve("history")));
            }
            String o = outBytes.toString(StandardCharsets.UTF_8);
            String e = errBytes.toString(StandardCharsets.UTF_8);
            assertTrue(o.lines().anyMatch(l -> l.matches(id + "\\s+active\\s+1/2\\s+alice\\s+file -t all .*")), o + e);
            assertTrue(o.contains("Status 'active', 1 of 2 runs launched."), o + e);
            assertTrue(o.contains("Every      1h\n"), o);
            assertTrue(o.contains("Runs       2: 1 launched, 0 missed, 1 waiting\n"), o);
            assertTrue(o.lines().anyMatch(l -> l.matches("  run 0\\s+action " + firstAction + "\\s+.*  launched")), o);
            assertTrue(o.contains("1 run launched (action <id> reads a launched run)"), o);
            assertEquals(2, o.lines().filter(l -> l.contains("\"actionid\"")).count(), o);
            assertTrue(e.contains("standing order " + id + " cancelled: no further run will launch"), e);
            assertTrue(o.contains("Status     cancelled\n"), o);
            assertTrue(screen.toString(StandardCharsets.UTF_8).contains("mig schedule " + id + "> "));
            JsonNode shown = MigJson.tree(EndToEndTest.mig(List.of("schedule", "show", id, "-json", "-c",
                    rc.toString())).out());
            assertEquals("cancelled", shown.path("status").asText(), shown.toString());
            assertEquals("waiting", shown.at("/runs/1/status").asText(), shown.toString());
        }
    }

    /** The action ID of the order's first run once it launched (its window opened when it was posted). */
    private static String firstLaunched(Path rc, String id) throws InterruptedException {
        JsonNode last = null;
        for (int i = 0; i < 150; i++) {
            EndToEndTest.Run r = EndToEndTest.mig(List.of("schedule", "show", id, "-json", "-c", rc.toString()));
            if (r.code() == 0) {
                last = MigJson.tree(r.out());
                if (last.at("/runs/0/status").asText().equals("launched")) {
                    return last.at("/runs/0/actionid").asText();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the first run of standing order " + id + " never launched: " + last);
    }
}
