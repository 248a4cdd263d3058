package io.gator.cli.module;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code mig netstat} flags. */
public final class NetstatFlags implements ModuleFlags {
    @Option(names = "-lm", description = "local MAC address regex") List<String> localMac = new ArrayList<>();
    @Option(names = "-nm", description = "neighbour MAC address regex") List<String> neighborMac = new ArrayList<>();
    @Option(names = "-li", description = "local IP or CIDR") List<String> localIp = new ArrayList<>();
    @Option(names = "-ni", description = "neighbour IP or CIDR") List<String> neighborIp = new ArrayList<>();
    @Option(names = "-ci", description = "connected IP or CIDR") List<String> connectedIp = new ArrayList<>();
    @Option(names = "-lp", description = "listening port") List<String> listeningPort = new ArrayList<>();
    @Option(names = "-namespaces", description = "look into network namespaces too") boolean namespaces;

    private static final String IP_OR_CIDR = "^[0-9a-fA-F:.]+(/[0-9]{1,3})?$";

    @Override
    public String module() {
        return "netstat";
    }

    @Override
    public JsonNode parameters() {
        Flags.regexes(localMac);
        Flags.regexes(neighborMac);
        Flags.matching(localIp, IP_OR_CIDR, "IP or CIDR");
        Flags.matching(neighborIp, IP_OR_CIDR, "IP or CIDR");
        Flags.matching(connectedIp, IP_OR_CIDR, "IP or CIDR");
        for (String p : listeningPort) {
            if (!p.matches("^[0-9]{1,5}$") || Integer.parseInt(p) > 65535) {
                throw new InvalidFlagException("Invalid port '" + p + "'");
            }
        }
        if (localMac.isEmpty() && neighborMac.isEmpty() && localIp.isEmpty() && neighborIp.isEmpty()
                && connectedIp.isEmpty() && listeningPort.isEmpty()) {
            throw new InvalidFlagException("netstat: give at least one of -lm -nm -li -ni -ci -lp");
        }
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        Flags.putIfAny(p, "localmac", localMac);
        Flags.putIfAny(p, "localip", localIp);
        Flags.putIfAny(p, "neighbormac", neighborMac);
        Flags.putIfAny(p, "neighborip", neighborIp);
        Flags.putIfAny(p, "connectedip", connectedIp);
        Flags.putIfAny(p, "listeningport", listeningPort);
        p.put("namespaces", namespaces);
        return p;
    }

}
