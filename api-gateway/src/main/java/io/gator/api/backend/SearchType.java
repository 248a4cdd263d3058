package io.gator.api.backend;

import java.util.Locale;
import java.util.Optional;

/** The search types Gator serves (MIG's manifest and loader types are not part of Gator). */
public enum SearchType {
    ACTION, COMMAND, AGENT, INVESTIGATOR;

    /** MIG's lower-case name. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SearchType> parse(String s) {
        for (SearchType t : values()) {
            if (t.wireName().equals(s)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
