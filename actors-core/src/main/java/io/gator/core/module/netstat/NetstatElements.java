package io.gator.core.module.netstat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Netstat results per searched value, for each of the six checks. */
public record NetstatElements(Map<String, List<NetstatElement>> localMac, Map<String, List<NetstatElement>> localIp,
        Map<String, List<NetstatElement>> neighborMac, Map<String, List<NetstatElement>> neighborIp,
        Map<String, List<NetstatElement>> connectedIp, Map<String, List<NetstatElement>> listeningPort) {
    public NetstatElements {
        localMac = c(localMac);
        localIp = c(localIp);
        neighborMac = c(neighborMac);
        neighborIp = c(neighborIp);
        connectedIp = c(connectedIp);
        listeningPort = c(listeningPort);
    }

    private static Map<String, List<NetstatElement>> c(Map<String, List<NetstatElement>> m) {
        if (m == null) {
            return Map.of();
        }
        Map<String, List<NetstatElement>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return java.util.Collections.unmodifiableMap(out);
    }
}
