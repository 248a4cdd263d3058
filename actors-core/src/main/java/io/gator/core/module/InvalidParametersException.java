package io.gator.core.module;

/** A module's parameters are malformed; {@link #field()} names the offending parameter (a JSON path). */
public final class InvalidParametersException extends RuntimeException {
    private final String field;

    public InvalidParametersException(String field, String message) {
        this(field, "invalid parameter '" + field + "': " + message, true);
    }

    private InvalidParametersException(String field, String wholeMessage, boolean unused) {
        super(wholeMessage);
        this.field = field;
    }

    /** A refusal whose message is {@code message} as is: MIG's own wording, which an agent's result must repeat. */
    public static InvalidParametersException verbatim(String field, String message) {
        return new InvalidParametersException(field, message, true);
    }

    /** The JSON path of the bad parameter, e.g. {@code searches.s1.sizes[0]}. */
    public String field() {
        return field;
    }
}
