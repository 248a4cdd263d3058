package io.gator.core.module;

import io.gator.core.json.MigTime;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;

/** Go's textual forms that MIG modules put in results and printed lines. */
public final class GoFormat {

    private GoFormat() {}

    /** Go's {@code %.0f} (round half to even). */
    public static String f0(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.toString(d);
        }
        return new BigDecimal(d).setScale(0, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Go's {@code time.Duration.String()}, e.g. {@code 38.857874ms}, {@code 63.429µs}, {@code 1m2.5s}. */
    public static String duration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        boolean neg = nanos < 0;
        long u = Math.abs(nanos);
        String s;
        if (u < 1_000) {
            s = u + "ns";
        } else if (u < 1_000_000) {
            s = frac(u, 1_000) + "µs";
        } else if (u < 1_000_000_000) {
            s = frac(u, 1_000_000) + "ms";
        } else {
            long h = u / 3_600_000_000_000L;
            long rem = u % 3_600_000_000_000L;
            long m = rem / 60_000_000_000L;
            long sn = rem % 60_000_000_000L;
            StringBuilder sb = new StringBuilder();
            if (h > 0) {
                sb.append(h).append('h');
            }
            if (h > 0 || m > 0) {
                sb.append(m).append('m');
            }
            sb.append(frac(sn, 1_000_000_000)).append('s');
            s = sb.toString();
        }
        return neg ? "-" + s : s;
    }

    private static String frac(long v, long unit) {
        long whole = v / unit;
        long f = v % unit;
        if (f == 0) {
            return Long.toString(whole);
        }
        int digits = Long.toString(unit).length() - 1;
        StringBuilder fs = new StringBuilder(digits);
        for (long div = unit / 10; div > 0; div /= 10) {
            fs.append((char) ('0' + (f / div) % 10));
        }
        int end = fs.length();
        while (fs.charAt(end - 1) == '0') {
            end--;
        }
        fs.setLength(end);
        return whole + "." + fs;
    }

    /** Go's {@code time.Time.UTC().String()}: {@code 2026-11-23 06:21:15.77817085 +0000 UTC}. */
    public static String utcTime(Instant t) {
        StringBuilder sb = new StringBuilder(40);
        MigTime.appendDateTime(sb, t.atOffset(ZoneOffset.UTC).toLocalDateTime(), ' ');
        MigTime.appendFraction(sb, t.getNano());
        return sb.append(" +0000 UTC").toString();
    }

    /** Go's RFC3339Nano in UTC: {@code 2026-11-23T07:08:05.798593161Z}. */
    public static String rfc3339Nano(Instant t) {
        StringBuilder sb = new StringBuilder(32);
        MigTime.appendDateTime(sb, t.atOffset(ZoneOffset.UTC).toLocalDateTime(), 'T');
        MigTime.appendFraction(sb, t.getNano());
        return sb.append('Z').toString();
    }

    /** Kind of a file for {@link #fileMode}. */
    public enum FileKind { REGULAR, DIRECTORY, SYMLINK, BLOCK_DEVICE, CHAR_DEVICE, FIFO, SOCKET }

    /**
     * Go's {@code os.FileMode.String()} from a Unix mode (permission, setuid, setgid, sticky bits) and kind:
     * {@code -rw-r--r--}, {@code drwxr-xr-x}, {@code urwxr-xr-x}, {@code Dcrw-rw-rw-}.
     */
    public static String fileMode(FileKind kind, int unixMode) {
        StringBuilder sb = new StringBuilder();
        if (kind == FileKind.DIRECTORY) {
            sb.append('d');
        }
        if (kind == FileKind.SYMLINK) {
            sb.append('L');
        }
        if (kind == FileKind.BLOCK_DEVICE || kind == FileKind.CHAR_DEVICE) {
            sb.append('D');
        }
        if (kind == FileKind.FIFO) {
            sb.append('p');
        }
        if (kind == FileKind.SOCKET) {
            sb.append('S');
        }
        if ((unixMode & 04000) != 0) {
            sb.append('u');
        }
        if ((unixMode & 02000) != 0) {
            sb.append('g');
        }
        if (kind == FileKind.CHAR_DEVICE) {
            sb.append('c');
        }
        if ((unixMode & 01000) != 0) {
            sb.append('t');
        }
        if (sb.length() == 0) {
            sb.append('-');
        }
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            sb.append((unixMode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        }
        return sb.toString();
    }

    /**
     * Go's {@code net.IP.String()} of a 4- or 16-byte address: dotted IPv4, IPv6 in RFC 5952's compressed form
     * ({@code fd00::2}, where Java's {@code getHostAddress()} gives {@code fd00:0:0:0:0:0:0:2}).
     */
    public static String ip(byte[] b) {
        if (b.length == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (w[i] == 0) {
                int j = i;
                while (j < 8 && w[j] == 0) {
                    j++;
                }
                if (j - i > bestLen && j - i >= 2) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(w[i]));
        }
        return sb.toString();
    }
}
