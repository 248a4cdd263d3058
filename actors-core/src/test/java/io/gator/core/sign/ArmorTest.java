package io.gator.core.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.action.Action;
import io.gator.core.json.MigJson;
import io.gator.core.sign.SignatureException.Kind;
import io.gator.core.testing.Fixtures;
import org.junit.jupiter.api.Test;

class ArmorTest {
    static String migSignature() {
        return MigJson.read(Fixtures.read("mig-wire/signed/file-hostname.json"), Action.class).pgpSignatures().get(0);
    }

    @Test
    void reArmorSplitsAtLastEqualsWrapsAt64AndDearmorGivesTheSameString() throws Exception {
        String sig = migSignature();
        String armored = Armor.armor(sig);
        String[] lines = armored.split("\n");
        assertEquals("-----BEGIN PGP SIGNATURE-----", lines[0]);
        assertEquals("", lines[1]);
        assertEquals("-----END PGP SIGNATURE-----", lines[lines.length - 1]);
        assertEquals("=" + sig.substring(sig.lastIndexOf('=') + 1), lines[lines.length - 2]);
        for (int i = 2; i < lines.length - 3; i++) {
            assertEquals(64, lines[i].length(), "line " + i);
        }
        assertTrue(lines[lines.length - 3].length() <= 64);
        assertEquals(sig, Armor.dearmor(armored));
    }

    @Test
    void dearmorDropsHeadersAndCarriageReturns() throws Exception {
        String sig = migSignature();
        String withHeader = Armor.armor(sig).replace("-----\n\n", "-----\nVersion: GnuPG v1\nComment: x\n\n")
                .replace("\n", "\r\n");
        assertEquals(sig, Armor.dearmor(withHeader));
    }

    @Test
    void encodeThenDecodeRoundTripsAndMatchesMigCrc() throws Exception {
        String sig = migSignature();
        byte[] packets = Armor.decode(sig);
        assertEquals(sig, Armor.encode(packets));
        assertArrayEquals(packets, Armor.decode(Armor.encode(packets)));
    }

    @Test
    void missingWrongOrShortCrcIsMalformed() {
        String sig = migSignature();
        String body = sig.substring(0, sig.lastIndexOf('='));
        String crc = sig.substring(sig.lastIndexOf('=') + 1);
        String wrongCrc = body + "=" + (crc.charAt(0) == 'A' ? 'B' : 'A') + crc.substring(1);
        for (String bad : new String[] {body, wrongCrc, body + "=AB", "", "=AAAA", "!!!!=AAAA"}) {
            SignatureException e = assertThrows(SignatureException.class, () -> Armor.decode(bad), bad);
            assertEquals(Kind.MALFORMED, e.kind());
            assertTrue(e.getMessage().startsWith("malformed signature"), e.getMessage());
        }
        assertTrue(assertThrows(SignatureException.class, () -> Armor.decode(wrongCrc)).getMessage()
                .contains("CRC24 mismatch"));
    }

    @Test
    void textWithoutArmorIsMalformed() {
        assertEquals(Kind.MALFORMED, assertThrows(SignatureException.class, () -> Armor.dearmor("hello")).kind());
        assertEquals(Kind.MALFORMED, assertThrows(SignatureException.class,
                () -> Armor.dearmor("-----BEGIN PGP SIGNATURE-----\nno blank line")).kind());
    }

    @Test
    void crc24OfEmptyInputIsTheRfcInitialValue() {
        assertEquals(0xB704CE, Armor.crc24(new byte[0]));
    }
}
