package io.gator.api.http;

import java.net.InetAddress;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * MIG's {@code clientpublicip}: the caller's address is the socket peer ({@code peer}) or the
 * element of X-Forwarded-For at offset n from the end ({@code x-forwarded-for:<n>}); an address
 * that cannot be determined or does not parse is reported as {@code 0.0.0.0}, as MIG does.
 */
public record ClientIp(OptionalOffset mode) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** Either the peer, or an X-Forwarded-For offset. */
    public record OptionalOffset(boolean peer, int offset) {}

    public static ClientIp peer() {
        return new ClientIp(new OptionalOffset(true, 0));
    }

    public static ClientIp parse(String s) {
        String v = s.trim().toLowerCase();
        if (v.equals("peer")) {
            return peer();
        }
        if (v.startsWith("x-forwarded-for:")) {
            try {
                int n = Integer.parseInt(v.substring("x-forwarded-for:".length()));
                if (n >= 0) {
                    return new ClientIp(new OptionalOffset(false, n));
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new IllegalArgumentException("gator.api.client-public-ip must be \"peer\" or \"x-forwarded-for:<n>\" "
                + "with n >= 0, got \"" + s + "\"");
    }

    /** The caller's address from the peer and the X-Forwarded-For header value. */
    public String resolve(Optional<InetAddress> peer, Optional<String> xForwardedFor) {
        String ip;
        if (mode.peer()) {
            ip = peer.map(InetAddress::getHostAddress).orElse("");
        } else {
            if (xForwardedFor.isEmpty() || xForwardedFor.get().isBlank()) {
                return "0.0.0.0";
            }
            String[] parts = xForwardedFor.get().split(",");
            int n = mode.offset();
            ip = (n >= parts.length ? parts[0] : parts[parts.length - 1 - n]).trim();
        }
        return valid(ip) ? ip : "0.0.0.0";
    }

    private static boolean valid(String ip) {
        if (IPV4.matcher(ip).matches()) {
            for (String octet : ip.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (IPV6.matcher(ip).matches()) {
            try {
                InetAddress.getByName(ip); // literal only (the pattern excludes host names): no lookup
                return true;
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        return false;
    }
}
