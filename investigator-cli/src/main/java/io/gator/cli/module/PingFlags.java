package io.gator.cli.module;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Option;

/** {@code mig ping} flags. */
public final class PingFlags implements ModuleFlags {
    // strings, read as MIG's float64 flags read them (decimals allowed)
    @Option(names = "-d", description = "destination host or IP") String destination = "www.google.com";
    @Option(names = "-dp", description = "destination port (tcp/udp)") String port = "-1";
    @Option(names = "-p", description = "protocol: icmp, tcp or udp", defaultValue = "icmp") String protocol;
    @Option(names = "-c", description = "number of probes") String count = "3";
    @Option(names = "-t", description = "timeout per probe in seconds") String timeout = "5";

    @Override
    public String module() {
        return "ping";
    }

    @Override
    public JsonNode parameters() {
        if (!protocol.matches("icmp|tcp|udp")) {
            throw new InvalidFlagException("Invalid protocol '" + protocol + "': icmp, tcp or udp");
        }
        double dp = Flags.number("-dp", port);
        double c = Flags.number("-c", count);
        double t = Flags.number("-t", timeout);
        boolean icmp = protocol.equals("icmp");
        if (!icmp && (dp < 1 || dp >= 65536)) {
            throw new InvalidFlagException("ping " + protocol + " needs a destination port (-dp) in 1-65535");
        }
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("destination", destination);
        if (!icmp) { // icmp has no port (MIG sends its -1 default, which its agent ignores)
            Flags.putNumber(p, "destinationport", dp);
        }
        p.put("protocol", protocol);
        Flags.putNumber(p, "count", c);
        Flags.putNumber(p, "timeout", t);
        return p;
    }
}
