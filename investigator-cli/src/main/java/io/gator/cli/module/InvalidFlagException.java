package io.gator.cli.module;

/** A module flag the CLI refuses before anything is signed or sent; the message names the value. */
public class InvalidFlagException extends RuntimeException {
    public InvalidFlagException(String message) {
        super(message);
    }
}
