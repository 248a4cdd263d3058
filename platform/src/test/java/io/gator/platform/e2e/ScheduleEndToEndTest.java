package io.gator.platform.e2e;

import static io.gator.platform.e2e.EndToEndTest.mig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.json.MigJson;
import io.gator.core.sign.KeyGen;
import io.gator.platform.e2e.EndToEndTest.Run;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standing order on the real services, in real time (the one test that waits for its runs): two runs 10 s
 * apart, signed by the CLI, each created by the cluster when its window opens and run by every simulated agent.
 */
class ScheduleEndToEndTest {
    private static final int AGENTS = 2;

    @Test
    void twoRunsOfAStandingOrderAreCreatedInTurnAndCompleteOnTheAgentsAndACancelledOneLaunchesNone(@TempDir Path dir) throws Exception {
        KeyGen.GeneratedKey alice = KeyGen.ed25519("alice <alice@example.net>");
        Path etc = TestPlatform.etcWithPasswd(dir);
        try (TestPlatform platform = TestPlatform.start(dir, TestPlatform.Setup.of("schedule", AGENTS, alice))) {
            Path rc = platform.migrc("alice");
            Run posted = mig(List.of("schedule", "file", "-c", rc.toString(), "-t", "all", "-every", "10s",
                    "-for", "20s", "-e", "7s", "-path", etc.toString(), "-name", "^passwd$"));
            assertEquals(0, posted.code(), posted.err());
            String orderId = posted.out().trim();

            JsonNode order = waitLaunched(rc, orderId, 2);
            List<String> actionIds = new ArrayList<>();
            order.path("runs").forEach(r -> actionIds.add(r.path("actionid").asText(r.path("actionId").asText())));
            assertEquals(2, actionIds.size(), order.toString());
            for (String id : actionIds) {
                JsonNode done = CosignEndToEndTest.waitCompleted(rc, id);
                assertEquals(AGENTS, done.at("/counters/success").asInt(), done.toString());
            }
            // list and show read the tables the projection writes: they follow the entity within moments
            Run list = until(() -> mig(List.of("schedule", "list", "-c", rc.toString())),
                    r -> r.out().lines().anyMatch(l -> l.startsWith(orderId) && l.contains("2/2")));
            assertTrue(list.out().lines().anyMatch(l -> l.startsWith(orderId) && l.contains("2/2")),
                    list.out() + list.err());

            // an order whose runs are all ahead, cancelled: none launches
            Run later = mig(List.of("schedule", "file", "-c", rc.toString(), "-t", "all", "-every", "1h",
                    "-for", "3h", "-start", java.time.Instant.now().plus(Duration.ofHours(1)).toString(), "-path",
                    etc.toString(), "-name", "^passwd$"));
            assertEquals(0, later.code(), later.err());
            String laterId = later.out().trim();
            Run cancelled = mig(List.of("schedule", "cancel", laterId, "-c", rc.toString()));
            assertEquals(0, cancelled.code(), cancelled.err());
            JsonNode shown = MigJson.tree(until(() -> mig(List.of("schedule", "show", laterId, "-json", "-c",
                    rc.toString())), r -> r.out().contains("\"cancelled\"")).out());
            assertEquals("cancelled", shown.path("status").asText(), shown.toString());
            assertEquals(3, shown.path("runs").size(), shown.toString());
            shown.path("runs").forEach(r -> assertEquals("waiting", r.path("status").asText(), shown.toString()));
        }
    }

    /** The last answer once {@code done} holds, or after 20 s (the caller's assertion then says why). */
    private static Run until(java.util.function.Supplier<Run> call, java.util.function.Predicate<Run> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Run r = call.get();
        while (!done.test(r) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            r = call.get();
        }
        return r;
    }

    /** Bounded: the second run opens 10 s after the first. */
    private static JsonNode waitLaunched(Path rc, String orderId, int runs) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            Run r = mig(List.of("schedule", "show", orderId, "-json", "-c", rc.toString()));
            if (r.code() == 0) {
                last = MigJson.tree(r.out());
                long launched = 0;
                for (JsonNode run : last.path("runs")) {
                    launched += run.path("status").asText().equals("launched") ? 1 : 0;
                }
                if (launched == runs) {
                    return last;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("standing order " + orderId + " did not launch " + runs + " runs: " + last);
    }
}
