package io.gator.platform.e2e;

import static io.gator.platform.e2e.EndToEndTest.mig;
import static io.gator.platform.e2e.EndToEndTest.waitForAgents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.command.Command;
import io.gator.core.json.MigJson;
import io.gator.platform.e2e.EndToEndTest.Run;
import io.gator.relay.ForwardingRelay;
import io.gator.relay.MigTopology;
import io.gator.relay.OutgoingMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.Done;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paced dispatch on the real services: {@code mig file -pace 100} to 300 simulated agents (the fleet simulator on
 * RabbitMQ, the journal in PostgreSQL), after one unpaced action to all of them (a cold JVM and each agent queue's
 * first message are slower than the pace). The node's relay notes when each command leaves for the broker: counted
 * per 1-second window from the first, they stay within 10 % of 100 commands/s; every agent answers, and the CLI
 * showed the pace while sending.
 */
class PacedDispatchEndToEndTest {
    static final int AGENTS = 300;
    static final int RATE = 100;

    @Test
    void threeHundredAgentsAtOneHundredPerSecondGetTheirCommandsAsASteadyStream(@TempDir Path dir) throws Exception {
        PublishTimes times = new PublishTimes();
        try (OneNodeFleet p = OneNodeFleet.start(dir, "paced", "gator.fleet { agents = " + AGENTS
                + ", queue-prefix = \"paced\" }", times::wrap)) {
            p.fleet(p.config, "paced-fleet");
            waitForAgents(p.rc, AGENTS);
            List<String> search = List.of("-c", p.rc.toString(), "-t", "status='online'", "-e", "120s", "-yes",
                    "-path", p.etc.toString(), "-name", "^passwd$");
            List<String> warmUp = new ArrayList<>(List.of("file"));
            warmUp.addAll(search);
            Run unpaced = mig(warmUp);
            assertEquals(0, unpaced.code(), unpaced.err());
            assertTrue(!unpaced.err().contains("dispatching"), unpaced.err());
            times.first.clear();

            List<String> paced = new ArrayList<>(List.of("file", "-pace", Integer.toString(RATE)));
            paced.addAll(search);
            Run run = mig(paced);
            assertEquals(0, run.code(), run.err());
            assertTrue(run.err().contains("dispatching at " + RATE + " commands/s: "), run.err());
            assertTrue(run.err().contains(AGENTS + " sent, " + AGENTS + " done, " + AGENTS + " succeeded"), run.err());

            assertEquals(AGENTS, times.first.size(), "every command published");
            List<Long> at = new ArrayList<>(times.first.values());
            at.sort(null);
            long first = at.get(0);
            long last = at.get(at.size() - 1);
            TreeMap<Long, Integer> windows = new TreeMap<>();
            at.forEach(t -> windows.merge((t - first) / 1_000_000_000L, 1, Integer::sum));
            // 300 commands at 100/s: about 3 s (less the first burst); unpaced they leave in a fraction of that
            assertTrue(Duration.ofNanos(last - first).compareTo(Duration.ofMillis(2700)) > 0,
                    "sent in " + Duration.ofNanos(last - first) + ": " + windows);
            System.out.println("paced dispatch at " + RATE + "/s, commands per 1-second window: " + windows);
            Map<Long, Integer> full = windows.headMap((last - first) / 1_000_000_000L); // the last one is partial
            assertTrue(full.size() >= 2, "windows: " + windows);
            full.forEach((w, n) -> assertTrue(Math.abs(n - RATE) <= RATE / 10, "window " + w + " sent " + n
                    + " commands, not within 10 % of " + RATE + "/s: " + windows));
        }
    }

    /** When each command was first published by the node (nanoTime, by command id). */
    static final class PublishTimes {
        final Map<Long, Long> first = new ConcurrentHashMap<>();

        io.gator.relay.Relay wrap(io.gator.relay.Relay relay) {
            return new ForwardingRelay(relay) {
                @Override
                public CompletionStage<Done> publish(OutgoingMessage message) {
                    if (MigTopology.TO_AGENTS.equals(message.exchange())) {
                        first.putIfAbsent(MigJson.read(message.body(), Command.class).id(), System.nanoTime());
                    }
                    return delegate.publish(message);
                }
            };
        }
    }
}
