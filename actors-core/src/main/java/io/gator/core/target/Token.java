package io.gator.core.target;

/** One lexical token; {@code pos} is the 1-based position of its first character, {@code raw} its source text. */
record Token(Kind kind, String text, String raw, int pos) {
    enum Kind { IDENT, STRING, NUMBER, SYMBOL, EOF }

    boolean isKeyword(String kw) {
        return kind == Kind.IDENT && text.equalsIgnoreCase(kw);
    }

    boolean isSymbol(String s) {
        return kind == Kind.SYMBOL && text.equals(s);
    }

    /** How the token is quoted in an error message. */
    String describe() {
        if (kind == Kind.EOF) {
            return "end of target";
        }
        String shown = raw.length() > 24 ? raw.substring(0, 24) + "..." : raw;
        return "'" + Lexer.printable(shown) + "'";
    }
}
