package io.gator.core.module;

/** A module's parameters are malformed; {@link #field()} names the offending parameter (a JSON path). */
public final class InvalidParametersException extends RuntimeException {
    private final String field;

    public InvalidParametersException(String field, String message) {
        super("invalid parameter '" + field + "': " + message);
        this.field = field;
    }

    /** The JSON path of the bad parameter, e.g. {@code searches.s1.sizes[0]}. */
    public String field() {
        return field;
    }
}
