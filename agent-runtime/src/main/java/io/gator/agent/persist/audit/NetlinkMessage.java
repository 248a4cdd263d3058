package io.gator.agent.persist.audit;

import java.util.Arrays;

/**
 * One netlink message: the {@code nlmsghdr} fields and the payload after the header.
 *
 * @param type  {@code nlmsg_type}: an audit message type, or {@code NLMSG_ERROR}/{@code NLMSG_DONE}
 * @param flags {@code nlmsg_flags}
 * @param seq   {@code nlmsg_seq}: the request's sequence number in replies
 * @param pid   {@code nlmsg_pid}: the port the message is addressed to or comes from
 * @param data  the payload
 */
public record NetlinkMessage(int type, int flags, int seq, int pid, byte[] data) {
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLM_F_REQUEST = 0x1;
    public static final int NLM_F_MULTI = 0x2;
    public static final int NLM_F_ACK = 0x4;

    public NetlinkMessage {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public boolean multipart() {
        return (flags & NLM_F_MULTI) != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetlinkMessage m && m.type == type && m.flags == flags && m.seq == seq && m.pid == pid
                && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * (31 * type + flags) + seq) + pid) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NetlinkMessage[type=" + type + ", flags=" + flags + ", seq=" + seq + ", pid=" + pid + ", data="
                + data.length + " bytes]";
    }
}
