package io.gator.core.module.scribe;

/** A version comparison: the object's value {@code operation} ({@code <}, {@code >}, {@code =}) {@code value}. */
public record EvrTest(String operation, String value) {
    public static final EvrTest EMPTY = new EvrTest("", "");

    public EvrTest {
        operation = operation == null ? "" : operation;
        value = value == null ? "" : value;
    }
}
