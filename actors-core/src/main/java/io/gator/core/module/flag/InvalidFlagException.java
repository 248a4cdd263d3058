package io.gator.core.module.flag;

/** A module flag refused before anything is signed or sent; the message names the value. */
public class InvalidFlagException extends RuntimeException {
    public InvalidFlagException(String message) {
        super(message);
    }
}
