package io.gator.agent.persist.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Netlink datagrams as the kernel sends them (struct nlmsghdr: u32 len, u16 type, u16 flags, u32 seq, u32 pid,
 * then the payload padded to 4 bytes), read as libaudit-go reads them, and the request/reply matching of the
 * control requests.
 */
class NetlinkFramingTest {
    private static byte[] message(int len, int type, int flags, int seq, int pid, byte[] payload) {
        int padded = (payload.length + 3) & ~3;
        return ByteBuffer.allocate(16 + padded).order(ByteOrder.LITTLE_ENDIAN).putInt(len).putShort((short) type)
                .putShort((short) flags).putInt(seq).putInt(pid).put(payload).array();
    }

    @Test
    void multipartMessagesAreCutByTheirLengthAndPadding() throws Exception {
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        d.writeBytes(message(16 + 5, 1013, 2, 9, 77, new byte[] {1, 2, 3, 4, 5}));
        d.writeBytes(message(16 + 4, 1013, 2, 9, 77, new byte[] {6, 7, 8, 9}));
        d.writeBytes(message(16 + 4, 3, 2, 9, 77, new byte[4]));
        byte[] buf = d.toByteArray();
        List<NetlinkMessage> ms = NetlinkCodec.decode(buf, buf.length);
        assertEquals(List.of(new NetlinkMessage(1013, 2, 9, 77, new byte[] {1, 2, 3, 4, 5}),
                new NetlinkMessage(1013, 2, 9, 77, new byte[] {6, 7, 8, 9}),
                new NetlinkMessage(3, 2, 9, 77, new byte[4])), ms);
    }

    @Test
    void anAuditRecordTakesTheRestOfTheDatagramWhateverItsLengthSays() throws Exception {
        byte[] text = "audit(1733140000.123:4521): cwd=\"/root\"".getBytes(StandardCharsets.UTF_8);
        byte[] buf = message(text.length, 1307, 0, 0, 0, text);  // length without the header, as some records
        List<NetlinkMessage> ms = NetlinkCodec.decode(buf, 16 + text.length);
        assertEquals(1, ms.size());
        assertEquals(new String(text, StandardCharsets.UTF_8),
                new String(ms.get(0).data(), StandardCharsets.UTF_8));
        assertEquals(1307, ms.get(0).type());
    }

    @Test
    void aTruncatedDatagramIsAnError() {
        byte[] buf = message(16 + 40, 1000, 0, 1, 1, new byte[8]);
        assertEquals("short read on audit message, expected 56 bytes had 24",
                assertThrows(AuditException.class, () -> NetlinkCodec.decode(buf, buf.length)).getMessage());
    }

    /** A socket that hands out scripted datagrams and records what was sent. */
    private static final class Scripted implements AuditNetlink {
        final Deque<List<NetlinkMessage>> script = new ArrayDeque<>();

        @Override
        public void send(NetlinkMessage message) {
        }

        @Override
        public List<NetlinkMessage> receive() {
            return script.isEmpty() ? List.of() : script.poll();
        }

        @Override
        public int portId() {
            return 50;
        }

        @Override
        public void close() {
        }
    }

    private static NetlinkMessage ack(int seq, int pid, int errno) {
        return new NetlinkMessage(2, 0, seq, pid,
                ByteBuffer.allocate(20).order(ByteOrder.nativeOrder()).putInt(errno).array());
    }

    @Test
    void repliesForOtherRequestsOrPortsAreSkipped() throws Exception {
        Scripted s = new Scripted();
        byte[] status = new AuditStatus(0, 1, 0, 0, 0, 0, 0, 0, 0, 0).encode();
        s.script.add(List.of(ack(7, 50, -1)));                                     // another request's
        s.script.add(List.of(new NetlinkMessage(1000, 0, 1, 51, new byte[40])));  // another socket's
        s.script.add(List.of(ack(1, 50, 0)));                                      // the ack: keep waiting
        s.script.add(List.of(new NetlinkMessage(1000, 0, 1, 50, status)));
        assertEquals(true, new AuditControl(s, () -> false).isEnabled());
    }

    @Test
    void aRefusalCarriesTheKernelsErrno() {
        Scripted s = new Scripted();
        s.script.add(List.of(ack(1, 50, -1)));
        assertEquals("error while recieving reply -1", assertThrows(AuditException.class,
                () -> new AuditControl(s, () -> false).setPid(1)).getMessage());
    }

    @Test
    void aWaitForAReplyEndsWhenCancelled() {
        assertEquals("stopped while waiting for the kernel's reply", assertThrows(AuditException.class,
                () -> new AuditControl(new Scripted(), () -> true).setRateLimit(5)).getMessage());
    }
}
