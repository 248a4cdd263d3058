package io.gator.core.target;

/** Comparison operators; {@code !=} and {@code <>} are the same operator. */
public enum CompareOp {
    EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

    private final String symbol;

    CompareOp(String symbol) {
        this.symbol = symbol;
    }

    /** The normalized spelling. */
    public String symbol() {
        return symbol;
    }

    /** SQL spelling (standard {@code <>} for inequality). */
    String sql() {
        return this == NE ? "<>" : symbol;
    }

    boolean ordering() {
        return this != EQ && this != NE;
    }

    boolean test(int cmp) {
        return switch (this) {
            case EQ -> cmp == 0;
            case NE -> cmp != 0;
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
        };
    }
}
