package io.gator.platform.e2e;

import static io.gator.platform.e2e.EndToEndTest.mig;
import static io.gator.platform.e2e.EndToEndTest.waitForAgents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.gator.platform.e2e.EndToEndTest.Run;
import io.gator.platform.role.Nodes;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Late reach on the real services: an action launched with {@code -latereach} on two simulated agents reaches two
 * more that come online while it is valid; each gets the command once (they heartbeat every second), their results
 * arrive, and the action completes at expireafter with four successes.
 */
class LateReachEndToEndTest {

    @Test
    void agentsJoiningMidWindowGetTheCommandOnceAndTheirResultsArrive(@TempDir Path dir) throws Exception {
        try (OneNodeFleet p = OneNodeFleet.start(dir, "latereach", """
                gator.agent.heartbeat-interval = 1s
                gator.fleet { agents = 2, queue-prefix = "early" }
                gator.scheduler.late-reach.check-interval = 200ms
                """, r -> r)) {
            Nodes.Server server = p.server;
            Path rc = p.rc;
            p.fleet(p.config, "late-early");
            waitForAgents(rc, 2);

            // the CLI follows the action until it ends (at expireafter): in the background
            CompletableFuture<Run> launched = CompletableFuture.supplyAsync(() -> mig(List.of("file",
                    "-latereach", "-c", rc.toString(), "-t", "status='online'", "-e", "20s", "-yes",
                    "-path", p.etc.toString(), "-name", "^passwd$")));
            long id = waitForSuccesses(server, 2);

            p.fleet(ConfigFactory.parseString("gator.fleet.queue-prefix = late").withFallback(p.config), "late-late");
            assertEquals(id, waitForSuccesses(server, 4), "the late agents answered the same action");
            Thread.sleep(3000); // several more heartbeats of every agent: still one command each

            JsonNode done = CosignEndToEndTest.waitCompleted(rc, Long.toString(id));
            assertEquals(4, done.at("/counters/success").asInt(), done.toString());
            assertEquals(4, done.at("/counters/sent").asInt(), done.toString());
            try (Connection c = server.db().connection(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT queueloc, COUNT(*) FROM commands WHERE actionid = " + id
                            + " GROUP BY queueloc ORDER BY queueloc")) {
                List<String> queues = new ArrayList<>();
                while (rs.next()) {
                    assertEquals(1, rs.getInt(2), "one command for " + rs.getString(1));
                    queues.add(rs.getString(1));
                }
                assertEquals(4, queues.size(), queues.toString());
                assertEquals(2, queues.stream().filter(q -> q.startsWith("linux.late")).count(), queues.toString());
            }
            Run cli = launched.get(60, TimeUnit.SECONDS);
            assertEquals(0, cli.code(), cli.err());
        }
    }

    /** The one action's id once the read model counts {@code n} successful commands for it. */
    private static long waitForSuccesses(Nodes.Server server, int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try (Connection c = server.db().connection(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT actionid, COUNT(*) FROM commands WHERE status = 'success' GROUP BY actionid")) {
                if (rs.next()) {
                    last = rs.getLong(1) + ": " + rs.getInt(2);
                    if (rs.getInt(2) >= n) {
                        return rs.getLong(1);
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("never " + n + " successful commands: " + last);
    }
}
