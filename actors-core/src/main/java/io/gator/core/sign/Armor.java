package io.gator.core.sign;

import io.gator.core.sign.SignatureException.Kind;
import java.util.Base64;

/**
 * MIG's "de-armored" signature form: the base64 body of an ASCII-armored OpenPGP signature, newlines
 * removed, directly followed by the {@code =XXXX} CRC24 line (e.g. {@code wsBcBAAB...SQgw==Jaj/}).
 * Armor headers such as {@code Version:} are dropped. The CRC is mandatory and checked when decoding,
 * as MIG re-armors by splitting at the last {@code =}.
 */
public final class Armor {
    private static final String BEGIN = "-----BEGIN PGP SIGNATURE-----";
    private static final String END = "-----END PGP SIGNATURE-----";
    private static final int LINE = 64;

    private Armor() {}

    /**
     * De-armors an ASCII-armored detached signature: the text between the blank line that ends the
     * armor headers and the {@code -----END} line, newlines removed.
     *
     * @throws SignatureException (MALFORMED) when the text is not an armored signature
     */
    public static String dearmor(String armored) throws SignatureException {
        String text = armored.replace("\r\n", "\n");
        int begin = text.indexOf(BEGIN);
        if (begin < 0) {
            throw malformed("armored signature has no '" + BEGIN + "' line");
        }
        int blank = text.indexOf("\n\n", begin);
        int end = text.indexOf("\n-----END", begin);
        if (blank < 0 || end < 0 || end < blank) {
            throw malformed("armored signature has no blank line before its body or no END line");
        }
        String body = text.substring(blank + 2, end).replace("\n", "").strip();
        if (body.isEmpty()) {
            throw malformed("armored signature has an empty body");
        }
        return body;
    }

    /**
     * Re-armors a de-armored signature: splits at the last {@code =} into body and CRC, wraps the
     * body at 64 columns. The CRC is checked.
     *
     * @throws SignatureException (MALFORMED) on bad base64 or a missing or wrong CRC24
     */
    public static String armor(String dearmored) throws SignatureException {
        decode(dearmored); // checks base64 and CRC before producing text anyone may trust
        String s = dearmored.strip();
        int eq = s.lastIndexOf('=');
        String body = s.substring(0, eq);
        StringBuilder sb = new StringBuilder(BEGIN).append("\n\n");
        for (int i = 0; i < body.length(); i += LINE) {
            sb.append(body, i, Math.min(body.length(), i + LINE)).append('\n');
        }
        return sb.append(s.substring(eq)).append('\n').append(END).toString();
    }

    /**
     * The binary signature packets of a de-armored signature, after checking its CRC24.
     *
     * @throws SignatureException (MALFORMED) on bad base64 or a missing or wrong CRC24
     */
    public static byte[] decode(String dearmored) throws SignatureException {
        String s = dearmored.strip();
        int eq = s.lastIndexOf('=');
        if (eq < 0) {
            throw malformed("signature has no '=XXXX' CRC24 suffix");
        }
        String body = s.substring(0, eq);
        String crcText = s.substring(eq + 1);
        if (body.isEmpty()) {
            throw malformed("signature has an empty body");
        }
        if (crcText.length() != 4) {
            throw malformed("signature CRC24 suffix must be '=' and 4 base64 characters, got '="
                    + crcText + "'");
        }
        byte[] bytes;
        byte[] crc;
        try {
            bytes = Base64.getDecoder().decode(body);
            crc = Base64.getDecoder().decode(crcText);
        } catch (IllegalArgumentException e) {
            throw malformed("signature is not valid base64: " + e.getMessage());
        }
        if (bytes.length == 0) {
            throw malformed("signature body decodes to nothing");
        }
        int expected = ((crc[0] & 0xff) << 16) | ((crc[1] & 0xff) << 8) | (crc[2] & 0xff);
        int actual = crc24(bytes);
        if (expected != actual) {
            throw malformed(String.format("signature CRC24 mismatch (armor says %06X, body gives %06X)",
                    expected, actual));
        }
        return bytes;
    }

    /** The de-armored form of binary signature packets: base64 body followed by {@code =CRC24}. */
    public static String encode(byte[] signaturePackets) {
        int crc = crc24(signaturePackets);
        byte[] c = {(byte) (crc >> 16), (byte) (crc >> 8), (byte) crc};
        Base64.Encoder enc = Base64.getEncoder();
        return enc.encodeToString(signaturePackets) + "=" + enc.encodeToString(c);
    }

    /** OpenPGP CRC24 (RFC 4880 §6.1). */
    static int crc24(byte[] data) {
        int crc = 0xB704CE;
        for (byte b : data) {
            crc ^= (b & 0xff) << 16;
            for (int i = 0; i < 8; i++) {
                crc <<= 1;
                if ((crc & 0x1000000) != 0) {
                    crc ^= 0x1864CFB;
                }
            }
        }
        return crc & 0xFFFFFF;
    }

    private static SignatureException malformed(String message) {
        return new SignatureException(Kind.MALFORMED, "malformed signature: " + message);
    }
}
