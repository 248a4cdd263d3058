package io.gator.agent.module.file;

import io.gator.core.module.file.FileModule;
import io.gator.core.module.file.FileOptions;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** One check of a search: its filter value, compiled, and the files it matched. */
final class Check {
    /** What a check looks at; content and the hashes (from CONTENT on) need the file's bytes. */
    enum Kind { NAME, SIZE, MODE, MTIME, CONTENT, MD5, SHA1, SHA2, SHA3 }

    final Kind kind;
    final String value;
    final boolean inverse;
    final boolean mismatch;
    Pattern pattern;
    long min;
    long max;
    Instant minTime;
    Instant maxTime;
    String hash;
    String algorithm;
    final Set<String> matched = new LinkedHashSet<>();

    Check(Kind kind, String value, FileOptions o) {
        this.kind = kind;
        this.value = value;
        this.mismatch = o.hasMismatch(kind.name().toLowerCase(Locale.ROOT));
        boolean regex = kind == Kind.NAME || kind == Kind.MODE || kind == Kind.CONTENT;
        this.inverse = regex && FileModule.inverse(value);
        switch (kind) {
            case NAME, MODE, CONTENT -> pattern = Pattern.compile(inverse ? value.substring(1) : value);
            case SIZE -> parseSize(value);
            case MTIME -> parseMtime(value);
            case MD5 -> hash(value, "MD5");
            case SHA1 -> hash(value, "SHA-1");
            case SHA2 -> hash(value, switch (value.length()) {
                case 64 -> "SHA-256";
                case 96 -> "SHA-384";
                default -> "SHA-512";
            });
            case SHA3 -> hash(value, switch (value.length()) {
                case 56 -> "SHA3-224";
                case 64 -> "SHA3-256";
                case 96 -> "SHA3-384";
                default -> "SHA3-512";
            });
            default -> { }
        }
    }

    private void hash(String v, String alg) {
        hash = v.toLowerCase(Locale.ROOT);
        algorithm = alg;
    }

    private void parseSize(String s) {
        long mult = switch (s.charAt(s.length() - 1)) {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            case 'g' -> 1024L * 1024 * 1024;
            case 't' -> 1024L * 1024 * 1024 * 1024;
            default -> 1L;
        };
        int end = mult > 1 ? s.length() - 1 : s.length();
        char c = s.charAt(0);
        int start = c == '<' || c == '>' ? 1 : 0;
        long n = Long.parseLong(s.substring(start, end)) * mult;
        min = c == '<' ? 0 : n;
        max = c == '>' ? Long.MAX_VALUE : n;
    }

    private void parseMtime(String s) {
        char unit = s.charAt(s.length() - 1);
        long n = Long.parseLong(s.substring(1, s.length() - 1));
        long seconds = switch (unit) {
            case 'd' -> n * 86400;
            case 'h' -> n * 3600;
            default -> n * 60;
        };
        Instant edge = Instant.now().minusSeconds(seconds);
        if (s.charAt(0) == '<') {
            minTime = edge;
            maxTime = Instant.MAX;
        } else {
            minTime = Instant.MIN;
            maxTime = edge;
        }
    }

    /** MIG's wantThis: the match, flipped by a {@code !} regex and by the mismatch option. */
    boolean want(boolean match) {
        return match ^ inverse ^ mismatch;
    }
}
