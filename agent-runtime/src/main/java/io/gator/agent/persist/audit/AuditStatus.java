package io.gator.agent.persist.audit;

import java.nio.ByteBuffer;

/**
 * The kernel's {@code struct audit_status} as libaudit-go sends it: ten {@code u32} in host order (40 bytes):
 * mask, enabled, failure, pid, rate_limit, backlog_limit, lost, backlog, version, backlog_wait_time.
 */
public record AuditStatus(int mask, int enabled, int failure, int pid, int rateLimit, int backlogLimit, int lost,
                          int backlog, int version, int backlogWaitTime) {
    public static final int SIZE = 40;
    public static final int MASK_ENABLED = 0x1;
    public static final int MASK_PID = 0x4;
    public static final int MASK_RATE_LIMIT = 0x8;
    public static final int MASK_BACKLOG_LIMIT = 0x10;

    static AuditStatus enabled(boolean on) {
        return new AuditStatus(MASK_ENABLED, on ? 1 : 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    static AuditStatus pid(int pid) {
        return new AuditStatus(MASK_PID, 0, 0, pid, 0, 0, 0, 0, 0, 0);
    }

    static AuditStatus rateLimit(int limit) {
        return new AuditStatus(MASK_RATE_LIMIT, 0, 0, 0, limit, 0, 0, 0, 0, 0);
    }

    static AuditStatus backlogLimit(int limit) {
        return new AuditStatus(MASK_BACKLOG_LIMIT, 0, 0, 0, 0, limit, 0, 0, 0, 0);
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(NetlinkCodec.ORDER);
        b.putInt(mask).putInt(enabled).putInt(failure).putInt(pid).putInt(rateLimit).putInt(backlogLimit)
                .putInt(lost).putInt(backlog).putInt(version).putInt(backlogWaitTime);
        return b.array();
    }

    public static AuditStatus decode(byte[] data) throws AuditException {
        if (data.length < SIZE) {
            throw new AuditException("unexpected EOF");
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(NetlinkCodec.ORDER);
        return new AuditStatus(b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(),
                b.getInt(), b.getInt(), b.getInt());
    }
}
