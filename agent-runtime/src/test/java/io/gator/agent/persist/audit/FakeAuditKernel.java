package io.gator.agent.persist.audit;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A kernel audit subsystem in memory, behind the {@link AuditNetlink} the module talks to, so that tests never
 * touch this machine's audit state. It answers as the kernel does: AUDIT_SET applies the status fields its mask
 * names and acknowledges; AUDIT_GET replies with the status; AUDIT_LIST_RULES sends each rule as a multipart
 * message then NLMSG_DONE; AUDIT_ADD_RULE/AUDIT_DEL_RULE change the rule list; acknowledgements are NLMSG_ERROR
 * with error 0, refusals carry a negative errno. Every reply is addressed to {@link #PORT} with the request's
 * sequence number. Audit records queued with {@link #emit} arrive as the kernel sends them (type, no flags).
 */
final class FakeAuditKernel implements AuditNetlink {
    static final int PORT = 31337;

    final List<NetlinkMessage> requests = new CopyOnWriteArrayList<>();
    final List<byte[]> rules = new CopyOnWriteArrayList<>();
    private final BlockingQueue<List<NetlinkMessage>> toUser = new LinkedBlockingQueue<>();
    volatile int enabled;
    volatile int rateLimit;
    volatile int backlogLimit;
    volatile int pid;
    /** When not 0, every AUDIT_SET is refused with this error (-111: what a user namespace got, captured). */
    volatile int refuseSet;
    volatile boolean closed;
    /** A kernel whose audit cannot be switched on (enabled=2 is "locked" in the real one). */
    volatile boolean ignoreEnable;

    FakeAuditKernel(byte[]... existingRules) {
        rules.addAll(Arrays.asList(existingRules));
    }

    void emit(String auditLogLine) {
        toUser.add(List.of(AuditLogLine.of(auditLogLine).message()));
    }

    @Override
    public void send(NetlinkMessage m) throws AuditException {
        if (closed) {
            throw new AuditException("bad file descriptor");
        }
        requests.add(m);
        switch (m.type()) {
            case AuditControl.AUDIT_SET -> {
                if (refuseSet != 0) {
                    reply(error(m, refuseSet));
                    return;
                }
                AuditStatus s = AuditStatus.decode(m.data());
                if ((s.mask() & AuditStatus.MASK_ENABLED) != 0 && !ignoreEnable) {
                    enabled = s.enabled();
                }
                if ((s.mask() & AuditStatus.MASK_RATE_LIMIT) != 0) {
                    rateLimit = s.rateLimit();
                }
                if ((s.mask() & AuditStatus.MASK_BACKLOG_LIMIT) != 0) {
                    backlogLimit = s.backlogLimit();
                }
                if ((s.mask() & AuditStatus.MASK_PID) != 0) {
                    pid = s.pid();
                }
                reply(error(m, 0));
            }
            case AuditControl.AUDIT_GET -> {
                byte[] status = new AuditStatus(0, enabled, 1, pid, rateLimit, backlogLimit, 0, 0, 2, 0).encode();
                reply(new NetlinkMessage(AuditControl.AUDIT_GET, 0, m.seq(), PORT, status));
                reply(error(m, 0));
            }
            case AuditControl.AUDIT_LIST_RULES -> {
                reply(error(m, 0));
                List<NetlinkMessage> multi = new ArrayList<>();
                for (byte[] r : rules) {
                    multi.add(new NetlinkMessage(AuditControl.AUDIT_LIST_RULES, NetlinkMessage.NLM_F_MULTI, m.seq(),
                            PORT, r));
                }
                multi.add(new NetlinkMessage(NetlinkMessage.NLMSG_DONE, NetlinkMessage.NLM_F_MULTI, m.seq(), PORT,
                        new byte[4]));
                toUser.add(multi);
            }
            case AuditControl.AUDIT_DEL_RULE -> {
                boolean removed = rules.removeIf(r -> Arrays.equals(r, m.data()));
                reply(error(m, removed ? 0 : -2));
            }
            case AuditControl.AUDIT_ADD_RULE -> {
                rules.add(m.data());
                reply(error(m, 0));
            }
            default -> reply(error(m, -22));
        }
    }

    private void reply(NetlinkMessage m) {
        toUser.add(List.of(m));
    }

    /** NLMSG_ERROR: the errno (0 = ack), then the request's header. */
    private static NetlinkMessage error(NetlinkMessage request, int errno) {
        byte[] header = Arrays.copyOf(NetlinkCodec.encode(request), NetlinkCodec.HEADER_LENGTH);
        byte[] data = ByteBuffer.allocate(4 + header.length).order(NetlinkCodec.ORDER).putInt(errno).put(header)
                .array();
        return new NetlinkMessage(NetlinkMessage.NLMSG_ERROR, 0, request.seq(), PORT, data);
    }

    @Override
    public List<NetlinkMessage> receive() throws AuditException {
        if (closed) {
            throw new AuditException("bad file descriptor");
        }
        try {
            List<NetlinkMessage> m = toUser.poll(20, TimeUnit.MILLISECONDS);
            return m == null ? List.of() : m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    @Override
    public int portId() {
        return PORT;
    }

    @Override
    public void close() {
        closed = true;
    }

    List<Integer> requestTypes() {
        return requests.stream().map(NetlinkMessage::type).toList();
    }
}
