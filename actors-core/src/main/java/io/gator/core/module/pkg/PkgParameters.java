package io.gator.core.module.pkg;

import java.util.List;

/** The pkg module's parameters: package name regexes and an optional version regex. */
public record PkgParameters(List<String> matches, String verMatch) {
    public PkgParameters {
        matches = matches == null ? List.of() : List.copyOf(matches);
        verMatch = verMatch == null ? "" : verMatch;
    }
}
