package io.gator.core.module.scribe;

/** A document variable, expanded as {@code ${key}} in object paths, file patterns and package names. */
public record Variable(String key, String value) {
    public Variable {
        key = key == null ? "" : key;
        value = value == null ? "" : value;
    }
}
