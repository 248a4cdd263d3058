package io.gator.agent.loader;

import io.gator.agent.heartbeat.HeartbeatStamp;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Waits for the agent's heartbeat stamp to show a heartbeat after a given instant, polling until a deadline. */
public final class HeartbeatWait {
    /** How the wait passes time (tests pass a clock they advance instead of sleeping). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;

        Sleeper REAL = d -> Thread.sleep(d.toMillis());
    }

    private final Path stamp;
    private final Duration timeout;
    private final Duration poll;
    private final Clock clock;
    private final Sleeper sleeper;

    public HeartbeatWait(Path stamp, Duration timeout, Duration poll, Clock clock, Sleeper sleeper) {
        this.stamp = stamp;
        this.timeout = timeout;
        this.poll = poll;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** The first heartbeat seen after {@code since}, or empty when none came within the timeout. */
    public Optional<Instant> awaitAfter(Instant since) throws InterruptedException {
        return awaitAfter(since, Optional.empty());
    }

    /**
     * The first heartbeat seen after {@code since} by a process other than {@code previous} (the pid the stamp
     * named before the restart: the old agent can still beat between the restart's start and its own end, and
     * that beat must not pass for the new agent's), or empty when none came within the timeout.
     */
    public Optional<Instant> awaitAfter(Instant since, Optional<Long> previous) throws InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            Optional<Instant> beat = HeartbeatStamp.readBeat(stamp)
                    .filter(b -> b.at().isAfter(since) && !previous.equals(Optional.of(b.pid())))
                    .map(HeartbeatStamp.Beat::at);
            if (beat.isPresent()) {
                return beat;
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                return Optional.empty();
            }
            Duration left = Duration.between(now, deadline);
            sleeper.sleep(left.compareTo(poll) < 0 ? left : poll);
        }
    }
}
