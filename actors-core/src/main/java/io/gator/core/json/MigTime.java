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

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private MigTime() {}

    /** Parses an RFC 3339 time as Go does (fraction optional, {@code Z} or {@code ±hh:mm}). */
    public static OffsetDateTime parse(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid RFC 3339 time '" + text + "'", e);
        }
    }

    /** Formats like Go's RFC3339Nano: fraction without trailing zeros, {@code Z} for UTC. */
    public static String format(OffsetDateTime t) {
        StringBuilder sb = new StringBuilder(35);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("year outside [0,9999]: " + t);
        }
        sb.append(SECONDS.format(t));
        int nanos = t.getNano();
        if (nanos != 0) {
            String frac = String.format("%09d", nanos);
            int end = frac.length();
            while (frac.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(frac, 0, end);
        }
        ZoneOffset off = t.getOffset();
        sb.append(off.getTotalSeconds() == 0 ? "Z" : off.getId());
        return sb.toString();
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
