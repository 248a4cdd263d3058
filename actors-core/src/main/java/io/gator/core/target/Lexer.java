package io.gator.core.target;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a target into tokens. Everything that could smuggle SQL past the parser (statement separators,
 * comments, quoted identifiers, stray characters) is refused here, before any parsing.
 */
final class Lexer {
    private final String src;
    private int i;

    private Lexer(String src) {
        this.src = src;
    }

    /** Starts reading {@code src}; tokens come one at a time so the first error in reading order is the one reported. */
    static Lexer of(String src) {
        return new Lexer(src);
    }

    /** All tokens up to and including EOF (for tests and tools). */
    static List<Token> tokenize(String src) {
        Lexer lx = new Lexer(src);
        List<Token> out = new ArrayList<>();
        Token t;
        do {
            t = lx.next();
            out.add(t);
        } while (t.kind() != Token.Kind.EOF);
        return out;
    }

    /** The next token; EOF (again) at the end. */
    Token next() {
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            int pos = i + 1;
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                i++;
            } else if (isIdentStart(c)) {
                int start = i;
                while (i < n && isIdentPart(src.charAt(i))) {
                    i++;
                }
                String w = src.substring(start, i);
                return new Token(Token.Kind.IDENT, w, w, pos);
            } else if (c >= '0' && c <= '9') {
                return number(pos);
            } else if (c == '\'') {
                return string(pos);
            } else {
                return symbol(c, pos);
            }
        }
        return new Token(Token.Kind.EOF, "", "", n + 1);
    }

    private Token number(int pos) {
        int start = i;
        int n = src.length();
        while (i < n && src.charAt(i) >= '0' && src.charAt(i) <= '9') {
            i++;
        }
        if (i + 1 < n && src.charAt(i) == '.' && src.charAt(i + 1) >= '0' && src.charAt(i + 1) <= '9') {
            i++;
            while (i < n && src.charAt(i) >= '0' && src.charAt(i) <= '9') {
                i++;
            }
        }
        if (i < n && isIdentPart(src.charAt(i))) {
            throw new TargetSyntaxException("target: unexpected '" + printable(String.valueOf(src.charAt(i)))
                    + "' at position " + (i + 1) + ", expected a number", i + 1);
        }
        String w = src.substring(start, i);
        return new Token(Token.Kind.NUMBER, w, w, pos);
    }

    private Token string(int pos) {
        StringBuilder sb = new StringBuilder();
        int n = src.length();
        int start = i;
        i++;
        while (true) {
            if (i >= n) {
                throw new TargetSyntaxException("target: unterminated string literal starting at position " + pos, pos);
            }
            char c = src.charAt(i);
            if (c == '\'') {
                if (i + 1 < n && src.charAt(i + 1) == '\'') {
                    sb.append('\'');
                    i += 2;
                    continue;
                }
                i++;
                break;
            }
            if (c == '\0') {
                // PostgreSQL text cannot hold NUL; refuse it here rather than fail later in the database.
                throw new TargetSyntaxException("target: unexpected NUL character at position " + (i + 1), i + 1);
            }
            sb.append(c);
            i++;
        }
        return new Token(Token.Kind.STRING, sb.toString(), src.substring(start, i), pos);
    }

    private Token symbol(char c, int pos) {
        String two = i + 1 < src.length() ? src.substring(i, i + 2) : String.valueOf(c);
        String three = i + 2 < src.length() ? src.substring(i, i + 3) : two;
        switch (c) {
            case ';':
                throw new TargetSyntaxException("target: unexpected ';' at position " + pos
                        + ", statement separators are not allowed", pos);
            case '-':
                if (two.equals("--")) {
                    throw new TargetSyntaxException("target: unexpected '--' at position " + pos
                            + ", comments are not allowed", pos);
                }
                if (three.equals("->>")) {
                    return sym("->>", pos);
                }
                if (two.equals("->")) {
                    throw new TargetSyntaxException("target: unexpected '->' at position " + pos
                            + ", expected '->>'", pos);
                }
                return sym("-", pos);
            case '/':
                if (two.equals("/*")) {
                    throw new TargetSyntaxException("target: unexpected '/*' at position " + pos
                            + ", comments are not allowed", pos);
                }
                break;
            case '#':
                if (three.equals("#>>")) {
                    return sym("#>>", pos);
                }
                break;
            case '"':
                throw new TargetSyntaxException("target: unexpected '\"' at position " + pos
                        + ", quoted identifiers are not allowed", pos);
            case '<':
                if (two.equals("<=") || two.equals("<>")) {
                    return sym(two, pos);
                }
                return sym("<", pos);
            case '>':
                return two.equals(">=") ? sym(">=", pos) : sym(">", pos);
            case '!':
                if (three.equals("!~*")) {
                    return sym("!~*", pos);
                }
                if (two.equals("!~") || two.equals("!=")) {
                    return sym(two, pos);
                }
                break;
            case '~':
                return two.equals("~*") ? sym("~*", pos) : sym("~", pos);
            case '=': case '+': case '(': case ')': case ',':
                return sym(String.valueOf(c), pos);
            default:
                break;
        }
        int cp = src.codePointAt(i);
        throw new TargetSyntaxException("target: unexpected '" + printable(new String(Character.toChars(cp)))
                + "' at position " + pos, pos);
    }

    private Token sym(String s, int pos) {
        i += s.length();
        return new Token(Token.Kind.SYMBOL, s, s, pos);
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9');
    }

    /** Control and non-ASCII characters are shown escaped so an error message cannot carry them. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c < 0x20 || c > 0x7e) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
