package io.gator.agent.command;

import io.gator.relay.OutgoingMessage;
import io.gator.relay.Relay;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.pattern.Patterns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes answers on {@code mig.agt.results}, trying each up to {@code attempts} times {@code retryDelay} apart
 * (Pekko's retry); the returned stage completes once the broker confirmed it, or fails after the last attempt.
 * Thread-safe.
 */
final class AnswerPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(AnswerPublisher.class);

    private final Relay relay;
    private final Optional<Duration> ttl;
    private final int attempts;
    private final Duration retryDelay;
    private final ClassicActorSystemProvider system;

    AnswerPublisher(Relay relay, Optional<Duration> ttl, int attempts, Duration retryDelay,
                    ClassicActorSystemProvider system) {
        this.relay = relay;
        this.ttl = ttl;
        this.attempts = Math.max(1, attempts);
        this.retryDelay = retryDelay;
        this.system = system;
    }

    CompletionStage<Done> publish(long commandId, byte[] body) {
        AtomicInteger tried = new AtomicInteger();
        // Pekko counts retries after the first attempt.
        return Patterns.retry(() -> {
            int attempt = tried.incrementAndGet();
            return relay.publish(OutgoingMessage.result(body, ttl)).whenComplete((ok, err) -> {
                if (err != null && attempt < attempts) {
                    LOG.warn("publishing result of command {} failed (attempt {}): {}", commandId, attempt,
                            err.toString());
                }
            });
        }, attempts - 1, retryDelay, system);
    }
}
