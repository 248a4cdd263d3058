package io.gator.core.module.netstat;

import java.util.List;

/** The netstat module's parameters: each list holds values to look for (MAC regexes, IPs or CIDRs, ports). */
public record NetstatParameters(List<String> localMac, List<String> localIp, List<String> neighborMac,
        List<String> neighborIp, List<String> connectedIp, List<String> listeningPort, boolean namespaces) {
    public NetstatParameters {
        localMac = c(localMac);
        localIp = c(localIp);
        neighborMac = c(neighborMac);
        neighborIp = c(neighborIp);
        connectedIp = c(connectedIp);
        listeningPort = c(listeningPort);
    }

    private static List<String> c(List<String> l) {
        return l == null ? List.of() : List.copyOf(l);
    }
}
