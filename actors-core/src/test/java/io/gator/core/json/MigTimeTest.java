package io.gator.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gator.core.module.GoFormat;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written time text paths give exactly what java.time's formatter and parser give. */
class MigTimeTest {

    /** The formatting MigTime had before its fast path: java.time plus Go's trimmed fraction. */
    private static String reference(OffsetDateTime t) {
        StringBuilder sb = new StringBuilder(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").format(t));
        if (t.getNano() != 0) {
            sb.append('.').append(String.format("%09d", t.getNano()).replaceAll("0+$", ""));
        }
        return sb.append(t.getOffset().getTotalSeconds() == 0 ? "Z" : t.getOffset().getId()).toString();
    }

    @Test
    void formatAndParseAgreeWithJavaTimeOnRandomTimes() {
        Random r = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            int nano = switch (r.nextInt(4)) {
                case 0 -> 0;
                case 1 -> r.nextInt(1000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000) * 1000;
                default -> r.nextInt(1_000_000_000);
            };
            ZoneOffset off = r.nextBoolean() ? ZoneOffset.UTC : ZoneOffset.ofTotalSeconds((r.nextInt(36 * 4) - 18 * 4) * 900);
            OffsetDateTime t = OffsetDateTime.of(r.nextInt(10_000), 1 + r.nextInt(12), 1 + r.nextInt(28),
                    r.nextInt(24), r.nextInt(60), r.nextInt(60), nano, off);
            String text = MigTime.format(t);
            assertEquals(reference(t), text);
            assertEquals(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME), MigTime.parse(text));
            assertEquals(t, MigTime.parseCanonical(text));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-23t10:00:00Z", "2026-11-23T10:00:00+05:30:15", "2026-11-23T10:00:00.1234567891Z",
            "2026-11-23T10:00Z", "2026-02-30T10:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T10:00:60Z",
            "2026-11-23T10:00:00.Z", "2026-11-23T10:00:00+19:00", "+12026-11-23T10:00:00Z", "2026-11-23T10:00:00"})
    void unusualOrInvalidShapesAreLeftToJavaTime(String text) {
        assertNull(MigTime.parseCanonical(text));
        OffsetDateTime expected;
        try {
            expected = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (RuntimeException e) {
            assertThrows(IllegalArgumentException.class, () -> MigTime.parse(text));
            return;
        }
        if (expected.getYear() > 9999) { // java.time reads it, Go does not
            assertThrows(IllegalArgumentException.class, () -> MigTime.parse(text));
            return;
        }
        assertEquals(expected, MigTime.parse(text));
    }

    @Test
    void goTimeStringsKeepTheirShape() {
        Instant t = Instant.parse("2026-11-23T06:21:15.778170850Z");
        assertEquals("2026-11-23 06:21:15.77817085 +0000 UTC", GoFormat.utcTime(t));
        assertEquals("2026-11-23T06:21:15.77817085Z", GoFormat.rfc3339Nano(t));
        assertEquals("2026-11-23 06:21:15 +0000 UTC", GoFormat.utcTime(Instant.parse("2026-11-23T06:21:15Z")));
        assertEquals("0001-01-01T00:00:00Z", MigTime.format(MigTime.ZERO));
        assertEquals("1.5s", GoFormat.duration(1_500_000_000L));
        assertEquals("1.000001ms", GoFormat.duration(1_000_001L));
        assertEquals("2h0m0.00000001s", GoFormat.duration(7_200_000_000_010L));
    }

    @Test
    void aYearGoCannotReadIsRefusedAtParseSoItNeverReachesAMessageThatCannotBeWrittenBack() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MigTime.parse("+300000-01-01T00:00:00Z"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("year outside [0,9999]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MigTime.parse("-0001-01-01T00:00:00Z"));
        assertEquals("9999-12-31T00:00:00Z", MigTime.format(MigTime.parse("9999-12-31T00:00:00Z")));
    }
}
