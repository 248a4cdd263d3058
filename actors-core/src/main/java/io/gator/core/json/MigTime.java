package io.gator.core.json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Go's {@code time.Time} on the wire: RFC 3339 with up to nine fractional digits, trailing zeros
 * dropped (Go's RFC3339Nano), the offset kept as sent. MIG's zero time stands for "unset".
 */
public final class MigTime {
    /** Go's zero {@code time.Time}, emitted by MIG for every unset time. */
    public static final OffsetDateTime ZERO = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    /** The API's "not started" sentinel. */
    public static final OffsetDateTime NOT_STARTED = OffsetDateTime.parse("0011-01-11T11:11:11.000000011Z");
    /** The API's "never" sentinel. */
    public static final OffsetDateTime NEVER = OffsetDateTime.parse("9998-01-11T11:11:11.000000011Z");

    private MigTime() {}

    /** Parses an RFC 3339 time as Go does (fraction optional, {@code Z} or {@code ±hh:mm}). */
    public static OffsetDateTime parse(String text) {
        // Every command and result carries a dozen times: the canonical shape is read by hand, anything else
        // (and anything invalid, for the error message) by java.time's ISO parser, which defines the semantics.
        OffsetDateTime fast = parseCanonical(text);
        if (fast != null) {
            return fast;
        }
        OffsetDateTime t;
        try {
            t = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid RFC 3339 time '" + text + "'", e);
        }
        // Go reads four-digit years only; a time that could be read but never written back would jam its message
        if (t.getYear() < 0 || t.getYear() > 9999) {
            throw new IllegalArgumentException("invalid RFC 3339 time '" + text + "': year outside [0,9999]");
        }
        return t;
    }

    /** {@code uuuu-MM-ddTHH:mm:ss[.f{1,9}](Z|±hh:mm)}, or null when the text has another shape or invalid fields. */
    static OffsetDateTime parseCanonical(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int i = 19;
        int nano = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                nano = nano * 10 + (s.charAt(i++) - '0');
            }
            if (i == start) {
                return null;
            }
            for (int k = i - start; k < 9; k++) {
                nano *= 10;
            }
        }
        ZoneOffset offset;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offset = ZoneOffset.UTC;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if ((oh | om) < 0 || oh > 18 || om > 59) {
                return null;
            }
            int total = oh * 3600 + om * 60;
            offset = ZoneOffset.ofTotalSeconds(s.charAt(i) == '-' ? -total : total);
        } else {
            return null;
        }
        try {
            return OffsetDateTime.of(year, month, day, hour, minute, second, nano, offset);
        } catch (java.time.DateTimeException invalid) {
            return null; // e.g. February 30th: the ISO parser gives the error
        }
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Formats like Go's RFC3339Nano: fraction without trailing zeros, {@code Z} for UTC. */
    public static String format(OffsetDateTime t) {
        StringBuilder sb = new StringBuilder(35);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("year outside [0,9999]: " + t);
        }
        appendDateTime(sb, t.toLocalDateTime(), 'T');
        appendFraction(sb, t.getNano());
        ZoneOffset off = t.getOffset();
        sb.append(off.getTotalSeconds() == 0 ? "Z" : off.getId());
        return sb.toString();
    }

    /** {@code uuuu-MM-dd<sep>HH:mm:ss} for years 0 to 9999, without java.time's formatter (hot in every message). */
    public static void appendDateTime(StringBuilder sb, java.time.LocalDateTime t, char sep) {
        if (t.getYear() < 0 || t.getYear() > 9999) {
            sb.append(DateTimeFormatter.ofPattern("uuuu-MM-dd'" + sep + "'HH:mm:ss").format(t));
            return;
        }
        pad(sb, t.getYear(), 4).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2).append(sep);
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2);
    }

    /** Go's fraction: nothing for zero nanoseconds, else {@code .} and up to nine digits without trailing zeros. */
    public static void appendFraction(StringBuilder sb, int nanos) {
        if (nanos == 0) {
            return;
        }
        int digits = 9;
        while (nanos % 10 == 0) {
            nanos /= 10;
            digits--;
        }
        sb.append('.');
        pad(sb, nanos, digits);
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        for (int p = width - 1, div = pow10(p); p >= 0; p--, div /= 10) {
            sb.append((char) ('0' + (v / div) % 10));
        }
        return sb;
    }

    private static int pow10(int p) {
        int r = 1;
        for (int i = 0; i < p; i++) {
            r *= 10;
        }
        return r;
    }

    /** Unix seconds, truncated toward negative infinity as Go's {@code Unix()}. */
    public static long unixSeconds(OffsetDateTime t) {
        return t.toEpochSecond();
    }

    /** Whether this is Go's zero time. */
    public static boolean isZero(OffsetDateTime t) {
        return t.toInstant().equals(ZERO.toInstant());
    }

    /** Now in UTC. */
    public static OffsetDateTime now() {
        return OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
    }
}
