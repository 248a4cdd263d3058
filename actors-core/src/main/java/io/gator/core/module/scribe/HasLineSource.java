package io.gator.core.module.scribe;

/** Whether each file under {@code path} whose name matches {@code file} has a line matching {@code expression}. */
public record HasLineSource(String path, String file, String expression) implements ObjectSource {
    public static final HasLineSource EMPTY = new HasLineSource("", "", "");

    public HasLineSource {
        path = path == null ? "" : path;
        file = file == null ? "" : file;
        expression = expression == null ? "" : expression;
    }
}
