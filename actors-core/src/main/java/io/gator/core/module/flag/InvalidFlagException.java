package io.gator.core.module.flag;

/** A module flag refused before anything is signed or sent; the message names the value. */
public class InvalidFlagException extends RuntimeException {
    public InvalidFlagException(String message) {
        super(message);
    }

    /** A refusal after which MIG's CLI had printed {@code usage} (Go's flag listing of a module MIG called). */
    public InvalidFlagException(String message, String usage) {
        super(message);
        this.usage = usage;
    }

    private String usage = "";

    /** What MIG printed on stderr before its {@code error:} line; empty for most refusals. */
    public String usage() {
        return usage;
    }
}
