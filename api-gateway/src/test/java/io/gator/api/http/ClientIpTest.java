package io.gator.api.http;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientIpTest {
    static final Optional<String> XFF = Optional.of("203.0.113.7, 198.51.100.2, 10.0.0.1");

    @Test
    void peerModeUsesTheSocketAddressAndIgnoresTheHeader() throws Exception {
        assertEquals("192.0.2.9", ClientIp.parse("peer").resolve(Optional.of(InetAddress.getByName("192.0.2.9")), XFF));
        assertEquals("0.0.0.0", ClientIp.parse("peer").resolve(Optional.empty(), XFF));
    }

    @Test
    void forwardedForOffsetCountsFromTheEnd() {
        assertEquals("10.0.0.1", ClientIp.parse("x-forwarded-for:0").resolve(Optional.empty(), XFF));
        assertEquals("198.51.100.2", ClientIp.parse("x-forwarded-for:1").resolve(Optional.empty(), XFF));
        assertEquals("203.0.113.7", ClientIp.parse("X-Forwarded-For:2").resolve(Optional.empty(), XFF));
    }

    @Test
    void offsetBeyondTheListTakesTheFirstAsMig() {
        assertEquals("203.0.113.7", ClientIp.parse("x-forwarded-for:9").resolve(Optional.empty(), XFF));
    }

    @Test
    void missingHeaderOrInvalidAddressGivesZeros() {
        assertEquals("0.0.0.0", ClientIp.parse("x-forwarded-for:0").resolve(Optional.empty(), Optional.empty()));
        assertEquals("0.0.0.0", ClientIp.parse("x-forwarded-for:0").resolve(Optional.empty(), Optional.of("evil.example")));
        assertEquals("0.0.0.0", ClientIp.parse("x-forwarded-for:0").resolve(Optional.empty(), Optional.of("300.1.1.1")));
        assertEquals("2001:db8::1", ClientIp.parse("x-forwarded-for:0").resolve(Optional.empty(), Optional.of("2001:db8::1")));
    }

    @Test
    void badSettingIsRefusedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientIp.parse("x-forwarded-for:-1"));
        assertTrue(e.getMessage().contains("gator.api.client-public-ip"));
        assertThrows(IllegalArgumentException.class, () -> ClientIp.parse("socket"));
    }
}
