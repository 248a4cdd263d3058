package io.gator.agent.module.scribe;

/** An object could not be read from the host; the tests using it report this text as their error. */
final class PrepareException extends Exception {
    PrepareException(String message) {
        super(message);
    }
}
