package io.gator.agent.persist.audit;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Netlink framing in the host's byte order: a 16-byte {@code nlmsghdr} ({@code u32 len, u16 type, u16 flags,
 * u32 seq, u32 pid}) then the payload, padded to 4 bytes; {@code len} counts header and payload, not padding.
 */
public final class NetlinkCodec {
    public static final int HEADER_LENGTH = 16;
    static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private NetlinkCodec() {
    }

    public static byte[] encode(NetlinkMessage m) {
        byte[] data = m.data();
        int len = HEADER_LENGTH + data.length;
        ByteBuffer b = ByteBuffer.allocate(align(len)).order(ORDER);
        b.putInt(len).putShort((short) m.type()).putShort((short) m.flags()).putInt(m.seq()).putInt(m.pid());
        b.put(data);
        return b.array();
    }

    static int align(int len) {
        return (len + 3) & ~3;
    }

    /**
     * The messages of one received datagram. As libaudit-go reads them: a message without {@code NLM_F_MULTI}
     * takes the rest of the datagram as its payload (the kernel's length is not reliable for audit records) and
     * ends the datagram; multipart messages are cut by their length.
     */
    public static List<NetlinkMessage> decode(byte[] buf, int length) throws AuditException {
        List<NetlinkMessage> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(buf, 0, length).order(ORDER);
        while (b.hasRemaining()) {
            if (b.remaining() < HEADER_LENGTH) {
                throw new AuditException("short read on audit message, expected " + HEADER_LENGTH + " bytes had "
                        + b.remaining());
            }
            int len = b.getInt();
            if (b.remaining() < align(len) - 4) {
                throw new AuditException("short read on audit message, expected " + align(len) + " bytes had "
                        + (b.remaining() + 4));
            }
            int type = Short.toUnsignedInt(b.getShort());
            int flags = Short.toUnsignedInt(b.getShort());
            int seq = b.getInt();
            int pid = b.getInt();
            boolean multi = (flags & NetlinkMessage.NLM_F_MULTI) != 0;
            int dataLen = multi ? len - HEADER_LENGTH : b.remaining();
            byte[] data = Arrays.copyOfRange(buf, b.position(), b.position() + dataLen);
            out.add(new NetlinkMessage(type, flags, seq, pid, data));
            if (!multi) {
                break;
            }
            b.position(Math.min(b.limit(), b.position() + align(len) - HEADER_LENGTH));
        }
        return out;
    }
}
