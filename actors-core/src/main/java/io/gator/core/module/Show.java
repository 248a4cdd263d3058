package io.gator.core.module;

/** Which results the CLI prints, as MIG's {@code -show found|notfound|all}. */
public enum Show {
    FOUND, NOTFOUND, ALL;

    /** Parses {@code found}, {@code notfound} or {@code all}. */
    public static Show parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "found" -> FOUND;
            case "notfound" -> NOTFOUND;
            case "all" -> ALL;
            default -> throw new IllegalArgumentException("show must be found, notfound or all, not '" + s + "'");
        };
    }
}
