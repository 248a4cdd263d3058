package io.gator.agent.persist.audit;

/**
 * An audit.log line ({@code type=<NAME> msg=<payload>}, as auditd writes what the kernel sent) as the netlink
 * message it came in: the type name is the message type, the rest after {@code msg=} the payload.
 */
record AuditLogLine(int type, String payload) {
    static AuditLogLine of(String line) {
        if (!line.startsWith("type=")) {
            throw new IllegalArgumentException("not an audit.log line: " + line);
        }
        int space = line.indexOf(" msg=");
        String name = line.substring(5, space);
        int type = NameTable.MESSAGE_TYPES.number(name)
                .orElseThrow(() -> new IllegalArgumentException("unknown type " + name));
        return new AuditLogLine(type, line.substring(space + 5));
    }

    NetlinkMessage message() {
        return new NetlinkMessage(type, 0, 0, 0, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
