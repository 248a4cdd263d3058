package io.gator.cli.module;

import io.gator.core.module.flag.InvalidFlagException;

/**
 * A module flag refused by MIG's flag syntax; as Go's flag package, {@code mig} prints the reason and the module's
 * flag listing ({@link #listing()}) before its own {@code error:} line.
 */
public final class FlagSyntaxException extends InvalidFlagException {
    private final String listing;

    public FlagSyntaxException(String message, String listing) {
        super(message);
        this.listing = listing;
    }

    /** The reason and the {@code Usage of MODULE:} listing, as Go's flag package prints them. */
    public String listing() {
        return listing;
    }
}
