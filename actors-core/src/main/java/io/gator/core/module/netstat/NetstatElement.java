package io.gator.core.module.netstat;

/** One netstat hit; empty strings and zero ports are omitted on the wire (Go omitempty). */
public record NetstatElement(String localMacAddr, String remoteMacAddr, String localAddr, long localPort,
        String remoteAddr, long remotePort, String namespace) {
    public NetstatElement {
        localMacAddr = localMacAddr == null ? "" : localMacAddr;
        remoteMacAddr = remoteMacAddr == null ? "" : remoteMacAddr;
        localAddr = localAddr == null ? "" : localAddr;
        remoteAddr = remoteAddr == null ? "" : remoteAddr;
        namespace = namespace == null ? "" : namespace;
    }
}
