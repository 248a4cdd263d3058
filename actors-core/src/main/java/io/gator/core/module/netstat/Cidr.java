package io.gator.core.module.netstat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An IP address or CIDR range parsed without any name lookup; a bare IP is a full-length prefix. */
public record Cidr(byte[] network, int prefix) {
    private static final Pattern V4 = Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$");

    public Cidr {
        network = network.clone();
    }

    /** Parses {@code 10.0.0.1}, {@code 10.0.0.0/8}, {@code ::1} or {@code fe80::/10}. */
    public static Cidr parse(String s) {
        String ip = s;
        int prefix = -1;
        int slash = s.indexOf('/');
        if (slash > 0) {
            ip = s.substring(0, slash);
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid CIDR prefix in '" + s + "'. Must be an IP or a CIDR.");
            }
        }
        byte[] addr = literal(ip);
        if (addr == null) {
            throw new IllegalArgumentException("invalid IPv{4,6} '" + s + "'. Must be an IP or a CIDR.");
        }
        int bits = addr.length * 8;
        if (prefix < 0) {
            prefix = bits;
        }
        if (prefix > bits) {
            throw new IllegalArgumentException("invalid CIDR prefix in '" + s + "'. Must be an IP or a CIDR.");
        }
        return new Cidr(addr, prefix);
    }

    /** The bytes of an IP literal, or null when it is not one. IPv4-mapped IPv6 comes back as 4 bytes. */
    public static byte[] literal(String ip) {
        if (V4.matcher(ip).matches()) {
            byte[] b = new byte[4];
            String[] parts = ip.split("\\.");
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    return null;
                }
                b[i] = (byte) v;
            }
            return b;
        }
        if (ip.indexOf(':') >= 0 && ip.matches("^[0-9a-fA-F:.%a-zA-Z]+$")) {
            try {
                return InetAddress.getByName(ip).getAddress(); // a ':' makes it a literal, never a lookup
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }

    /** Whether an address (4 or 16 bytes) is in this range; families must agree. */
    public boolean contains(byte[] addr) {
        if (addr.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (addr[i] != network[i]) {
                return false;
            }
        }
        int rem = prefix % 8;
        if (rem == 0) {
            return true;
        }
        int mask = (0xff << (8 - rem)) & 0xff;
        return (addr[full] & mask) == (network[full] & mask);
    }
}
