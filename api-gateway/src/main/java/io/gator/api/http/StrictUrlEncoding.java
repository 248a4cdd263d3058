package io.gator.api.http;

import io.gator.core.json.SafeText;
import org.apache.pekko.http.javadsl.model.StatusCodes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Refuses application/x-www-form-urlencoded text (a query string or a form body) whose percent-escapes are
 * malformed or do not decode to valid UTF-8. Pekko's own decoding, which the routes read fields through,
 * silently turns such bytes into U+FFFD; every text a caller sends is refused rather than repaired.
 */
final class StrictUrlEncoding {
    private StrictUrlEncoding() {}

    /** Throws a 400 {@link ApiError} naming {@code what} when a name or value of {@code encoded} is malformed. */
    static void check(String encoded, String what) {
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            checkPart(eq < 0 ? pair : pair.substring(0, eq), what);
            checkPart(eq < 0 ? "" : pair.substring(eq + 1), what);
        }
    }

    private static void checkPart(String s, String what) {
        if (s.indexOf('%') < 0) {
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw new ApiError(StatusCodes.BAD_REQUEST, "malformed " + what + ": bad percent-escape at "
                            + "character " + i);
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                int cp = s.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
                i += Character.charCount(cp) - 1;
            }
        }
        if (SafeText.utf8(bytes.toByteArray()).isEmpty()) {
            throw new ApiError(StatusCodes.BAD_REQUEST, "malformed " + what + ": percent-escapes are not valid UTF-8");
        }
    }

    /**
     * {@code encoded} with every character outside RFC 3986's query characters percent-encoded (as UTF-8), so
     * that it decodes to the same names and values; '%' escapes and '+' are left to mean what they meant.
     */
    static String escapeRaw(String encoded) {
        StringBuilder out = null;
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (isQueryChar(c)) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(encoded.length() + 16).append(encoded, 0, i);
            }
            int cp = encoded.codePointAt(i);
            for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
            i += Character.charCount(cp) - 1;
        }
        return out == null ? encoded : out.toString();
    }

    private static boolean isQueryChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=:@/?%".indexOf(c) >= 0;
    }
}
