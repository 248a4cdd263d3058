package io.gator.agent.persist.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/** Go's renderings that appear in libaudit-go's messages ({@code %q}, {@code %v}, {@code path.Base}). */
final class GoText {
    private GoText() {
    }

    /** {@code %q} of a string: double-quoted with Go escapes. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** {@code path.Base}: the last element, trailing slashes removed; {@code /} for only slashes. */
    static String baseName(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        String p = path.replaceAll("/+$", "");
        if (p.isEmpty()) {
            return "/";
        }
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /** {@code %v} of a decoded JSON value (numbers are float64 in Go). */
    static String value(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "<nil>";
        }
        if (v.isNumber()) {
            return float64(v.asDouble());
        }
        if (v.isTextual() || v.isBoolean()) {
            return v.asText();
        }
        return v.toString();
    }

    /** A float64 as {@code %v} prints it: shortest digits, exponent form below 1e-4 or from 1e+06... as %g. */
    static String float64(double d) {
        if (d == 0) {
            return "0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale();
        String sign = d < 0 ? "-" : "";
        if (exp < -4 || exp >= 21 || exp >= Math.max(digits.length(), 6) && exp >= 6) {
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        return bd.toPlainString();
    }

    /** Go's {@code uint32(float64)} on amd64: through int64, keeping the low 32 bits. */
    static int uint32(JsonNode v) {
        return (int) (long) v.asDouble();
    }
}
