package io.gator.core.module.scribe;

/** A key and value attached to a test and repeated in its result. */
public record TestTag(String key, String value) {
    public TestTag {
        key = key == null ? "" : key;
        value = value == null ? "" : value;
    }
}
