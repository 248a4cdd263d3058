package io.gator.agent.persist.audit;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * The real {@code NETLINK_AUDIT} socket through the C library. Receives wait at most {@link #RECEIVE_TIMEOUT_MS}
 * so that the reading thread can notice it should stop. Errors read as Go's texts for the same errno.
 */
final class JnaAuditNetlink implements AuditNetlink {
    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_AUDIT = 9;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int SOCKADDR_NL_LENGTH = 12;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int MAX_AUDIT_MESSAGE_LENGTH = 8970;
    static final int RECEIVE_TIMEOUT_MS = 1000;

    private static final Map<Integer, String> ERRNO_TEXT = Map.of(1, "operation not permitted",
            9, "bad file descriptor", 13, "permission denied", 22, "invalid argument",
            93, "protocol not supported", 97, "address family not supported by protocol",
            105, "no buffer space available", 111, "connection refused", 24, "too many open files");

    private final NetlinkLibC libc;
    private final int fd;
    private final byte[] buffer = new byte[MAX_AUDIT_MESSAGE_LENGTH + NetlinkCodec.HEADER_LENGTH];

    private JnaAuditNetlink(NetlinkLibC libc, int fd) {
        this.libc = libc;
        this.fd = fd;
    }

    /** Opens and binds a netlink audit socket (port chosen by the kernel). */
    static AuditNetlink open() throws AuditException {
        NetlinkLibC libc;
        try {
            libc = NetlinkLibC.load();
        } catch (UnsatisfiedLinkError e) {
            throw new AuditException("C library not available: " + e.getMessage());
        }
        int fd;
        try {
            fd = libc.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
        } catch (LastErrorException e) {
            throw error(e);
        }
        try {
            libc.bind(fd, address(0), SOCKADDR_NL_LENGTH);
            ByteBuffer tv = ByteBuffer.allocate(2 * NativeLong.SIZE).order(NetlinkCodec.ORDER);
            putLong(tv, RECEIVE_TIMEOUT_MS / 1000);
            putLong(tv, (RECEIVE_TIMEOUT_MS % 1000) * 1000L);
            libc.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv.array(), tv.capacity());
        } catch (LastErrorException e) {
            closeQuietly(libc, fd);
            throw error(e);
        }
        return new JnaAuditNetlink(libc, fd);
    }

    private static void putLong(ByteBuffer b, long v) {
        if (NativeLong.SIZE == 8) {
            b.putLong(v);
        } else {
            b.putInt((int) v);
        }
    }

    /** A {@code struct sockaddr_nl}: family, padding, port id, multicast groups. */
    private static byte[] address(int port) {
        return ByteBuffer.allocate(SOCKADDR_NL_LENGTH).order(NetlinkCodec.ORDER)
                .putShort((short) AF_NETLINK).putShort((short) 0).putInt(port).putInt(0).array();
    }

    @Override
    public void send(NetlinkMessage message) throws AuditException {
        byte[] wire = NetlinkCodec.encode(message);
        try {
            libc.sendto(fd, wire, new NativeLong(wire.length), 0, address(0), SOCKADDR_NL_LENGTH);
        } catch (LastErrorException e) {
            throw error(e);
        }
    }

    @Override
    public List<NetlinkMessage> receive() throws AuditException {
        long n;
        try {
            n = libc.recvfrom(fd, buffer, new NativeLong(buffer.length), 0, null, null).longValue();
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EAGAIN || e.getErrorCode() == EINTR) {
                return List.of();
            }
            throw error(e);
        }
        return NetlinkCodec.decode(buffer, (int) n);
    }

    @Override
    public int portId() throws AuditException {
        byte[] addr = new byte[SOCKADDR_NL_LENGTH];
        try {
            libc.getsockname(fd, addr, new int[] {SOCKADDR_NL_LENGTH});
        } catch (LastErrorException e) {
            throw error(e);
        }
        return ByteBuffer.wrap(addr).order(NetlinkCodec.ORDER).getInt(4);
    }

    @Override
    public void close() {
        closeQuietly(libc, fd);
    }

    private static void closeQuietly(NetlinkLibC libc, int fd) {
        try {
            libc.close(fd);
        } catch (LastErrorException e) {
            // nothing left to release
        }
    }

    static AuditException error(LastErrorException e) {
        return new AuditException(errnoText(e.getErrorCode()));
    }

    static String errnoText(int errno) {
        return ERRNO_TEXT.getOrDefault(errno, "errno " + errno);
    }
}
