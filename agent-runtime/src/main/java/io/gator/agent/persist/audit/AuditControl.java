package io.gator.agent.persist.audit;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The audit control requests the module makes, as libaudit-go makes them: each request carries
 * {@code NLM_F_REQUEST|NLM_F_ACK} and a new sequence number, and its reply is the next message with that sequence
 * number addressed to this socket's port (others are skipped). A negative error in an {@code NLMSG_ERROR} reply
 * fails the request with {@code error while recieving reply <errno>} (libaudit-go's spelling, which MIG logs).
 */
public final class AuditControl {
    static final int AUDIT_GET = 1000;
    static final int AUDIT_SET = 1001;
    static final int AUDIT_ADD_RULE = 1011;
    static final int AUDIT_DEL_RULE = 1012;
    static final int AUDIT_LIST_RULES = 1013;
    private static final int REQUEST_FLAGS = NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK;

    private final AuditNetlink socket;
    private final BooleanSupplier cancelled;
    private final AtomicInteger sequence = new AtomicInteger();

    /** @param cancelled ends a wait for a reply (libaudit-go waits for ever) */
    public AuditControl(AuditNetlink socket, BooleanSupplier cancelled) {
        this.socket = socket;
        this.cancelled = cancelled;
    }

    public void setEnabled(boolean enabled) throws AuditException {
        sendStatus(AuditStatus.enabled(enabled));
    }

    public boolean isEnabled() throws AuditException {
        int seq = send(AUDIT_GET, new byte[0]);
        List<NetlinkMessage> replies = reply(seq, false);
        if (replies.size() != 1) {
            throw new AuditException("unexpected number of responses from kernel for status request");
        }
        NetlinkMessage m = replies.get(0);
        if (m.type() != AUDIT_GET) {
            throw new AuditException("status request response type was invalid");
        }
        return AuditStatus.decode(m.data()).enabled() == 1;
    }

    public void setRateLimit(int limit) throws AuditException {
        sendStatus(AuditStatus.rateLimit(limit));
    }

    public void setBacklogLimit(int limit) throws AuditException {
        sendStatus(AuditStatus.backlogLimit(limit));
    }

    public void setPid(int pid) throws AuditException {
        sendStatus(AuditStatus.pid(pid));
    }

    /** Lists the kernel's rules and deletes each one as the kernel listed it. */
    public void deleteAllRules() throws AuditException {
        int seq = send(AUDIT_LIST_RULES, new byte[0]);
        for (NetlinkMessage m : reply(seq, false)) {
            if (m.type() == AUDIT_LIST_RULES) {
                reply(send(AUDIT_DEL_RULE, m.data()), true);
            }
        }
    }

    public void addRule(KernelRule rule) throws AuditException {
        reply(send(AUDIT_ADD_RULE, rule.encode()), true);
    }

    private void sendStatus(AuditStatus status) throws AuditException {
        reply(send(AUDIT_SET, status.encode()), true);
    }

    private int send(int type, byte[] data) throws AuditException {
        int seq = sequence.incrementAndGet();
        socket.send(new NetlinkMessage(type, REQUEST_FLAGS, seq, 0, data));
        return seq;
    }

    /**
     * Reads until the reply to {@code seq}: an acknowledgement (when {@code ackOnly}), {@code NLMSG_DONE}, or one
     * message that is not multipart; multipart messages are collected.
     */
    private List<NetlinkMessage> reply(int seq, boolean ackOnly) throws AuditException {
        List<NetlinkMessage> out = new ArrayList<>();
        int port = socket.portId();
        while (true) {
            List<NetlinkMessage> received = socket.receive();
            if (received.isEmpty() && cancelled.getAsBoolean()) {
                throw new AuditException("stopped while waiting for the kernel's reply");
            }
            for (NetlinkMessage m : received) {
                if (m.seq() != seq || m.pid() != port) {
                    continue;
                }
                if (m.type() == NetlinkMessage.NLMSG_DONE) {
                    return out;
                }
                if (m.type() == NetlinkMessage.NLMSG_ERROR) {
                    int error = errorCode(m);
                    if (error != 0) {
                        throw new AuditException("error while recieving reply " + error);
                    }
                    if (ackOnly) {
                        return out;
                    }
                    continue;
                }
                out.add(m);
                if (!m.multipart()) {
                    return out;
                }
            }
        }
    }

    /** The {@code int error} that starts an {@code NLMSG_ERROR} payload (0 is an acknowledgement). */
    static int errorCode(NetlinkMessage m) {
        byte[] d = m.data();
        return d.length < 4 ? 0 : ByteBuffer.wrap(d, 0, 4).order(NetlinkCodec.ORDER).getInt();
    }
}
