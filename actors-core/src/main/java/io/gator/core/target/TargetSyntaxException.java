package io.gator.core.target;

/**
 * A target expression that Gator refuses: bad syntax, an unknown column or key, a construct that is not
 * allowed (sub-select, {@code ;}, comment, function call), or input over the configured limits. The message
 * names the 1-based character position and what was found and expected, e.g.
 * {@code target: unexpected ';' at position 16, statement separators are not allowed}.
 */
public final class TargetSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int position;

    public TargetSyntaxException(String message, int position) {
        super(message);
        this.position = position;
    }

    /** 1-based character position of the offending input (0 when the target as a whole is refused). */
    public int position() {
        return position;
    }
}
