package io.gator.core.module.scribe;

/** One identifier and value given in the document itself. */
public record RawIdentifier(String identifier, String value) {
    public RawIdentifier {
        identifier = identifier == null ? "" : identifier;
        value = value == null ? "" : value;
    }
}
