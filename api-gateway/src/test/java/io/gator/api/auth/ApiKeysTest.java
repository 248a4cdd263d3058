package io.gator.api.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiKeysTest {
    @Test
    void pbkdf2MatchesThePublishedSha256Vector() {
        // RFC 7914 section 11: PBKDF2-HMAC-SHA256("passwd", "salt", c=1), first 32 bytes of the 64-byte output
        byte[] out = ApiKeys.pbkdf2("passwd", "salt".getBytes(StandardCharsets.US_ASCII), 1, 32);
        assertEquals("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc", HexFormat.of().formatHex(out));
    }

    @Test
    void generatedKeysAre32AlphanumericsWith16ByteSaltAnd32ByteHash() {
        ApiKeys.Generated g = ApiKeys.generate();
        assertTrue(g.key().matches("[A-Za-z0-9]{32}"), g.key());
        assertEquals(16, g.salt().length);
        assertEquals(32, g.hash().length);
        assertArrayEquals(ApiKeys.pbkdf2(g.key(), g.salt(), 4096, 32), g.hash(), "4096 iterations as MIG");
        assertNotEquals(g.key(), ApiKeys.generate().key());
    }

    @Test
    void matchesOnlyTheRightKeyAndSalt() {
        ApiKeys.Generated g = ApiKeys.generate();
        assertTrue(ApiKeys.matches(g.key(), g.salt(), g.hash()));
        assertFalse(ApiKeys.matches(g.key().substring(1) + "x", g.salt(), g.hash()));
        byte[] otherSalt = g.salt();
        otherSalt[0] ^= 1;
        assertFalse(ApiKeys.matches(g.key(), otherSalt, g.hash()));
    }
}
