package io.gator.agent.persist.audit;

import java.util.List;

/**
 * A netlink socket to the kernel's audit subsystem ({@code NETLINK_AUDIT}). The module speaks the audit protocol
 * over it; tests give it a fake kernel so that they never change this machine's audit state.
 */
public interface AuditNetlink extends AutoCloseable {
    /** Sends one message to the kernel (port 0). */
    void send(NetlinkMessage message) throws AuditException;

    /**
     * The messages of the next datagram from the kernel; empty when none came within the socket's receive timeout
     * (so that a reader can notice it should stop).
     */
    List<NetlinkMessage> receive() throws AuditException;

    /** This socket's netlink port id; the kernel addresses replies to it. */
    int portId() throws AuditException;

    @Override
    void close();

    /** Opens a connection; the error message is what the module reports after {@code NewNetlinkConnection: }. */
    @FunctionalInterface
    interface Opener {
        AuditNetlink open() throws AuditException;
    }
}
