package io.gator.cli.module;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Option;

/** {@code mig ping} flags. */
public final class PingFlags implements ModuleFlags {
    @Option(names = "-d", description = "destination host or IP") String destination = "www.google.com";
    @Option(names = "-dp", description = "destination port (tcp/udp)", defaultValue = "-1") int port;
    @Option(names = "-p", description = "protocol: icmp, tcp or udp", defaultValue = "icmp") String protocol;
    @Option(names = "-c", description = "number of probes", defaultValue = "3") int count;
    @Option(names = "-t", description = "timeout per probe in seconds", defaultValue = "5") int timeout;

    @Override
    public String module() {
        return "ping";
    }

    @Override
    public JsonNode parameters() {
        if (!protocol.matches("icmp|tcp|udp")) {
            throw new InvalidFlagException("Invalid protocol '" + protocol + "': icmp, tcp or udp");
        }
        if (!protocol.equals("icmp") && (port < 1 || port > 65535)) {
            throw new InvalidFlagException("ping " + protocol + " needs a destination port (-dp) in 1-65535");
        }
        if (count < 1 || timeout < 1) {
            throw new InvalidFlagException("ping: -c and -t must be positive");
        }
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("destination", destination);
        if (port != 0) {
            p.put("destinationport", port);
        }
        p.put("protocol", protocol);
        p.put("count", count);
        p.put("timeout", timeout);
        return p;
    }
}
