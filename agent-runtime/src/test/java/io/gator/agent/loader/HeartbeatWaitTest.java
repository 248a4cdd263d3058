package io.gator.agent.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gator.agent.heartbeat.HeartbeatStamp;
import io.gator.agent.persist.dispatch.SteppedClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatWaitTest {
    private static final Instant RESTART = Instant.parse("2026-12-03T04:00:00Z");

    @Test
    void aBeatTheOldAgentSentWhileBeingStoppedDoesNotPassForTheNewAgent(@TempDir Path dir) throws Exception {
        Path stamp = dir.resolve("heartbeat");
        HeartbeatStamp.write(stamp, RESTART.plusMillis(50), 4141); // the old agent, after the restart began
        SteppedClock clock = new SteppedClock(RESTART);
        HeartbeatWait wait = new HeartbeatWait(stamp, Duration.ofSeconds(10), Duration.ofSeconds(1), clock,
                clock::step);
        assertEquals(Optional.empty(), wait.awaitAfter(RESTART, Optional.of(4141L)));
    }

    @Test
    void aBeatByAnotherProcessAfterTheRestartCounts(@TempDir Path dir) throws Exception {
        Path stamp = dir.resolve("heartbeat");
        SteppedClock clock = new SteppedClock(RESTART);
        HeartbeatWait wait = new HeartbeatWait(stamp, Duration.ofSeconds(10), Duration.ofSeconds(1), clock, d -> {
            clock.step(d);
            if (clock.instant().equals(RESTART.plusSeconds(3))) {
                try {
                    HeartbeatStamp.write(stamp, clock.instant(), 4242); // the new agent comes up
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        HeartbeatStamp.write(stamp, RESTART.minusSeconds(30), 4141);
        assertEquals(Optional.of(RESTART.plusSeconds(3)), wait.awaitAfter(RESTART, Optional.of(4141L)));
    }

    @Test
    void aStampWithoutPidIsReadAsPidZero(@TempDir Path dir) throws Exception {
        Path stamp = dir.resolve("heartbeat");
        java.nio.file.Files.writeString(stamp, RESTART + "\n");
        assertEquals(Optional.of(new HeartbeatStamp.Beat(RESTART, 0)), HeartbeatStamp.readBeat(stamp));
    }
}
