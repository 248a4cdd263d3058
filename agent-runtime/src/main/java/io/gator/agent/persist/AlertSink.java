package io.gator.agent.persist;

/** Receives a persistent module's alerts (MIG's {@code alert} message: one string, usually JSON). */
@FunctionalInterface
public interface AlertSink {
    void alert(String message);
}
