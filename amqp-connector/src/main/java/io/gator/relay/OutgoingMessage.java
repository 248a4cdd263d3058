package io.gator.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A message to publish: exchange, routing key, UTF-8 JSON body, and MIG's properties (persistent,
 * {@code text/plain}, mandatory; a per-message TTL when {@code expiration} is present).
 */
public record OutgoingMessage(String exchange, String routingKey, byte[] body, Optional<Duration> expiration,
                              Instant timestamp) {
    public OutgoingMessage {
        if (exchange == null || routingKey == null || body == null || expiration == null || timestamp == null) {
            throw new IllegalArgumentException("exchange, routingKey, body, expiration and timestamp are required");
        }
        if (expiration.isPresent() && expiration.get().isNegative()) {
            throw new IllegalArgumentException("expiration must not be negative, got " + expiration.get());
        }
    }

    /** A command for one agent queue. */
    public static OutgoingMessage toAgent(String queueLoc, byte[] body, Optional<Duration> ttl) {
        return new OutgoingMessage(MigTopology.TO_AGENTS, MigTopology.agentQueue(queueLoc), body, ttl, Instant.now());
    }

    /** A finished command for the schedulers. */
    public static OutgoingMessage result(byte[] body, Optional<Duration> ttl) {
        return new OutgoingMessage(MigTopology.TO_SCHEDULERS, MigTopology.RESULTS, body, ttl, Instant.now());
    }

    /** A legacy AMQP heartbeat for the schedulers. */
    public static OutgoingMessage heartbeat(byte[] body, Optional<Duration> ttl) {
        return new OutgoingMessage(MigTopology.TO_SCHEDULERS, MigTopology.HEARTBEATS, body, ttl, Instant.now());
    }
}
