package io.gator.agent.module.timedrift;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;

/** A minimal SNTP (RFC 4330) client: one request, the server's transmit time and the clock offset. */
public final class Sntp {
    /** Seconds between the NTP epoch (1900) and the Unix epoch. */
    static final long EPOCH_OFFSET = 2_208_988_800L;

    /** One answer: the server's time, the round trip, and the local clock's offset from it. */
    public record Answer(Instant serverTime, Duration latency, Duration offset) {}

    private Sntp() {}

    /** Asks {@code host} ({@code host} or {@code host:port}, default port 123). */
    public static Answer query(String server, Duration timeout) throws IOException {
        String host = server;
        int port = 123;
        int colon = server.lastIndexOf(':');
        if (colon > 0 && server.indexOf(':') == colon) {
            host = server.substring(0, colon);
            port = Integer.parseInt(server.substring(colon + 1));
        }
        InetAddress addr = InetAddress.getByName(host);
        byte[] req = new byte[48];
        req[0] = 0x23; // LI 0, version 4, mode 3 (client)
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
            Instant t1 = Instant.now();
            writeTimestamp(req, 40, t1);
            long n1 = System.nanoTime();
            s.send(new DatagramPacket(req, req.length, addr, port));
            byte[] resp = new byte[48];
            DatagramPacket in = new DatagramPacket(resp, resp.length);
            while (true) {
                try {
                    s.receive(in);
                } catch (SocketTimeoutException e) {
                    throw new IOException("no answer from " + server + " within " + timeout.toMillis() + "ms");
                }
                if (in.getLength() >= 48 && (resp[0] & 0x7) == 4) {
                    break;
                }
            }
            long n4 = System.nanoTime();
            Instant t4 = t1.plusNanos(n4 - n1);
            Instant t2 = readTimestamp(resp, 32);
            Instant t3 = readTimestamp(resp, 40);
            Duration rtt = Duration.ofNanos(n4 - n1).minus(Duration.between(t2, t3));
            // offset = ((t2 - t1) + (t3 - t4)) / 2: how far the server is ahead of us
            Duration offset = Duration.between(t1, t2).plus(Duration.between(t4, t3)).dividedBy(2);
            return new Answer(t3, rtt.isNegative() ? Duration.ZERO : rtt, offset);
        }
    }

    static Instant readTimestamp(byte[] b, int off) {
        ByteBuffer bb = ByteBuffer.wrap(b, off, 8);
        long secs = bb.getInt() & 0xffffffffL;
        long frac = bb.getInt() & 0xffffffffL;
        return Instant.ofEpochSecond(secs - EPOCH_OFFSET, (frac * 1_000_000_000L) >>> 32);
    }

    static void writeTimestamp(byte[] b, int off, Instant t) {
        long secs = t.getEpochSecond() + EPOCH_OFFSET;
        long frac = ((long) t.getNano() << 32) / 1_000_000_000L;
        ByteBuffer bb = ByteBuffer.wrap(b, off, 8);
        bb.putInt((int) secs);
        bb.putInt((int) frac);
    }
}
