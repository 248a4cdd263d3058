package io.gator.core.module;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GoFormatTest {
    @Test
    void durationsPrintAsGoDoes() {
        assertEquals("38.857874ms", GoFormat.duration(38_857_874));
        assertEquals("63.429µs", GoFormat.duration(63_429));
        assertEquals("642.916µs", GoFormat.duration(642_916));
        assertEquals("999ns", GoFormat.duration(999));
        assertEquals("1.5s", GoFormat.duration(1_500_000_000));
        assertEquals("1m2s", GoFormat.duration(62_000_000_000L));
        assertEquals("1h0m0.001s", GoFormat.duration(3_600_001_000_000L));
        assertEquals("-2ms", GoFormat.duration(-2_000_000));
        assertEquals("0s", GoFormat.duration(0));
    }

    @Test
    void timesPrintAsGoDoes() {
        assertEquals("2026-11-23 06:21:15.77817085 +0000 UTC", GoFormat.utcTime(Instant.parse("2026-11-23T06:21:15.778170850Z")));
        assertEquals("2025-04-07 10:38:46 +0000 UTC", GoFormat.utcTime(Instant.parse("2025-04-07T10:38:46Z")));
        assertEquals("2026-11-23T07:08:05.798593161Z", GoFormat.rfc3339Nano(Instant.parse("2026-11-23T07:08:05.798593161Z")));
    }

    @Test
    void fileModesPrintAsGoDoes() {
        assertEquals("-rw-r--r--", GoFormat.fileMode(GoFormat.FileKind.REGULAR, 0644));
        assertEquals("drwxr-xr-x", GoFormat.fileMode(GoFormat.FileKind.DIRECTORY, 0755));
        assertEquals("urwxr-xr-x", GoFormat.fileMode(GoFormat.FileKind.REGULAR, 04755));
        assertEquals("dtrwxrwxrwx", GoFormat.fileMode(GoFormat.FileKind.DIRECTORY, 01777));
        assertEquals("Dcrw-rw-rw-", GoFormat.fileMode(GoFormat.FileKind.CHAR_DEVICE, 0666));
    }

    @Test
    void percentZeroFRoundsHalfToEven() {
        assertEquals("0", GoFormat.f0(0.5));
        assertEquals("2", GoFormat.f0(1.5));
        assertEquals("5672", GoFormat.f0(5672));
    }

    @Test
    void ipAddressesPrintAsGoDoes() throws Exception {
        assertEquals("fd00::2", GoFormat.ip(java.net.InetAddress.getByName("fd00:0:0:0:0:0:0:2").getAddress()));
        assertEquals("2001:db8::1:0:0:1", GoFormat.ip(java.net.InetAddress.getByName("2001:db8:0:0:1:0:0:1").getAddress()));
        assertEquals("2001:db8:0:1:1:1:1:1", GoFormat.ip(java.net.InetAddress.getByName("2001:db8:0:1:1:1:1:1").getAddress()));
        assertEquals("::", GoFormat.ip(new byte[16]));
        assertEquals("192.0.2.1", GoFormat.ip(new byte[] {(byte) 192, 0, 2, 1}));
    }
}
