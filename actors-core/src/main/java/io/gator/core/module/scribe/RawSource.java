package io.gator.core.module.scribe;

import java.util.List;

/** Identifiers and values given in the document itself. */
public record RawSource(List<RawIdentifier> identifiers) implements ObjectSource {
    public static final RawSource EMPTY = new RawSource(List.of());

    public RawSource {
        identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
    }
}
