package io.gator.agent.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.agent.Agent;
import io.gator.relay.FakeRelay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatStampTest {
    private static final Instant NOW = Instant.parse("2026-12-03T04:10:00Z");
    private final ActorTestKit kit = ActorTestKit.create();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void stampIsWrittenOnlyOnceTheBrokerConfirmedTheHeartbeat() throws Exception {
        FakeRelay relay = FakeRelay.holding();
        Path stamp = dir.resolve("run/heartbeat");
        kit.spawn(HeartbeatPublisher.create(relay, Duration.ofMinutes(5), false, Optional.of(stamp),
                Clock.fixed(NOW, ZoneOffset.UTC), now -> Agent.of("a", "linux.x").withTimes(now, now, now)));
        TestProbe<Object> probe = kit.createTestProbe();
        FakeRelay.Pending beat = relay.awaitPending(1).get(0);
        assertFalse(Files.exists(stamp));
        relay.settle(beat, true);
        probe.awaitAssert(() -> {
            assertEquals(Optional.of(NOW), HeartbeatStamp.read(stamp));
            return null;
        });
        assertTrue(Files.readString(stamp).endsWith(" " + ProcessHandle.current().pid() + "\n"));
    }

    @Test
    void failedHeartbeatLeavesTheStampAsItWas() throws Exception {
        FakeRelay relay = FakeRelay.holding();
        Path stamp = dir.resolve("heartbeat");
        HeartbeatStamp.write(stamp, NOW.minusSeconds(300), 1);
        var publisher = kit.spawn(HeartbeatPublisher.create(relay, Duration.ofMinutes(5), false, Optional.of(stamp),
                Clock.fixed(NOW, ZoneOffset.UTC), now -> Agent.of("a", "linux.x").withTimes(now, now, now)));
        relay.settle(relay.awaitPending(1).get(0), false);
        // the next beat is published only after the failure was handled (one mailbox, in order)
        publisher.tell(HeartbeatPublisher.Beat.INSTANCE);
        relay.awaitPending(1);
        assertEquals(Optional.of(NOW.minusSeconds(300)), HeartbeatStamp.read(stamp));
    }

    @Test
    void unreadableStampReadsAsNoHeartbeat() throws Exception {
        Path stamp = dir.resolve("heartbeat");
        assertEquals(Optional.empty(), HeartbeatStamp.read(stamp));
        Files.writeString(stamp, "not a time\n");
        assertEquals(Optional.empty(), HeartbeatStamp.read(stamp));
        Files.writeString(stamp, "x".repeat(1000));
        assertEquals(Optional.empty(), HeartbeatStamp.read(stamp));
    }
}
