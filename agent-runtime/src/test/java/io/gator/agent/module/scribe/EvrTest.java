package io.gator.agent.module.scribe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** scribe's version comparison on its own table of cases, and on the quirks a port could easily lose. */
class EvrTest {
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = ' ', value = {
        "2:3.14.5-1+deb7u1 = 2:3.14.5-1+deb7u1",
        "0:7u65-2.5.1-2~deb7u1 = 0:7u65-2.5.1-2~deb7u1",
        "0:6b31-1.13.3-1~deb7u1 = 0:6b31-1.13.3-1~deb7u1",
        "1:7.3.547-7 < 2:7.3.547-7",
        "2:7.2.547-7 < 2:7.3.547-7",
        "2:7.3.540-7 < 2:7.3.547-7",
        "2:7.3.547-6 < 2:7.3.547-7",
        "1.0.1d-2+deb7u14 < 1.0.1e-2+deb7u14",
        "1.0.1 < 1.0.1e",
        "1.0.1d < 1.0.1e",
        "0:0.2.4-1~deb7u1 < 0:0.2.4.23-1~deb7u1",
        "0:0.2.4.23-0~deb7u1 < 0:0.2.4.23-1~deb7u1",
        "2.6.32-504.el6 < 0:2.6.32-504.8.1.el6",
        "1.5.9 < 1.5.10",
        "1.5.9 < 1.5.10z",
        "1.5.9z < 1.5.10",
        "1.5.9b < 1.5.9f",
        "1.5.10 > 1.5.9",
        "f > a",
        "10 > 9",
        "1241 < 14444",
        "12412 > 50",
        // the capture's packages
        "5.2.15-2+b8 < 5.3",
        "5.2.15-2+b8 > 5.2.15-2",
        "1:1.2.13.dfsg-1 < 1:1.2.14",
        "1:1.2.13.dfsg-1 > 1.3",
        "1:1.2.13.dfsg-1 < 2:0.1",
        // a word against a number: the number is newer
        "true < 1.5",
        // the tilde is no separator of its own in scribe (it is in dpkg): 1.0~rc1 is newer than 1.0 here
        "1.0~rc1 > 1.0",
        // leading zeros do not count
        "1.010 = 1.10",
    })
    void comparesAsScribe(String actual, String op, String check) throws Exception {
        assertTrue(Evr.compare(op, actual, check), actual + " " + op + " " + check);
        for (String other : List.of("<", ">", "=")) {
            if (!other.equals(op)) {
                assertFalse(Evr.compare(other, actual, check), actual + " " + other + " " + check);
            }
        }
    }

    @Test
    void malformedVersionsAreRefusedWithScribesText() {
        assertEquals("evrExtract: only epoch", assertThrows(Evr.EvrException.class, () -> Evr.compare("<", "1:", "2")).getMessage());
        assertEquals("evrExtract: ends in dash", assertThrows(Evr.EvrException.class, () -> Evr.compare("<", "1.0-", "2")).getMessage());
        assertEquals("evrRpmCompare: bad actual epoch", assertThrows(Evr.EvrException.class, () -> Evr.compare("<", ":1.0", "2")).getMessage());
        assertEquals("evrRpmCompare: bad check epoch", assertThrows(Evr.EvrException.class, () -> Evr.compare("<", "1.0", ":2")).getMessage());
    }

    @Test
    void tokensAreRunsOfDigitsOrLetters() {
        assertEquals(List.of("1", "0", "1", "e", "2", "deb", "7", "u", "14"), Evr.tokens("1.0.1e-2+deb7u14"));
        assertEquals(List.of(), Evr.tokens("~+."));
    }

    @Test
    void theReleaseFollowsTheLastDash() throws Exception {
        assertTrue(Evr.compare("=", "1-2-3", "1-2-3"));
        assertTrue(Evr.compare("<", "1-2-3", "1-2-4"));
        assertTrue(Evr.compare("=", "7", "7"));
    }
}
