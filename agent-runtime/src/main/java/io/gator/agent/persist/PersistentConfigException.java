package io.gator.agent.persist;

/** A persistent module's configuration cannot be used; the message names the setting and why. */
public final class PersistentConfigException extends RuntimeException {
    public PersistentConfigException(String message) {
        super(message);
    }
}
