package io.gator.core.module.ping;

import static io.gator.core.module.ParamReader.number;
import static io.gator.core.module.ParamReader.object;
import static io.gator.core.module.ParamReader.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.core.command.Result;
import io.gator.core.module.AbstractModuleDefinition;
import io.gator.core.module.GoFormat;
import io.gator.core.module.InvalidParametersException;
import java.util.ArrayList;
import java.util.List;

/** MIG's {@code ping} module: parameters, flags, result shape and printer. */
public final class PingModule extends AbstractModuleDefinition<PingParameters> {
    public static final PingModule INSTANCE = new PingModule();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    public PingModule() {
        super("ping",
                "Checks whether a destination answers icmp, tcp or udp probes, and how fast.",
                PingParameters.class, PingModule::print, PingFlags.form());
    }

    @Override
    public PingParameters parse(JsonNode p) {
        object(p, "parameters");
        String proto = string(p, "protocol", "");
        if (!List.of("icmp", "tcp", "udp").contains(proto)) {
            throw new InvalidParametersException("protocol", "'" + proto + "' is not a supported ping protocol (icmp, tcp, udp)");
        }
        String dest = string(p, "destination", "");
        if (dest.isEmpty() || !dest.matches("^[A-Za-z0-9.:_%-]+$")) {
            throw new InvalidParametersException("destination", "'" + dest + "' must be an IP address or a host name");
        }
        // numbers are Go float64s in MIG, which pings int(count) times on port int(destinationport)
        double rawPort = number(p, "destinationport", "");
        long port = 0;
        if (!proto.equals("icmp")) { // MIG ignores the port for icmp, and its CLI sends -1 there
            if (rawPort < 0 || rawPort >= 65536) {
                throw new InvalidParametersException("destinationport", "must be a port between 1 and 65535, got "
                        + rawPort);
            }
            port = (long) rawPort;
            if (port == 0) {
                throw new InvalidParametersException("destinationport", proto + " ping requires a destination port");
            }
        }
        double count = number(p, "count", "");
        if (count < 0 || count >= 101) {
            throw new InvalidParametersException("count", "must be between 0 and 100, got " + count);
        }
        double timeout = number(p, "timeout", "");
        if (timeout < 0 || timeout > 300) {
            throw new InvalidParametersException("timeout", "must be between 0 and 300 seconds, got " + timeout);
        }
        return new PingParameters(dest, port, proto, (long) count, timeout);
    }

    @Override
    public JsonNode toJson(PingParameters p) {
        ObjectNode o = F.objectNode();
        o.put("destination", p.destination());
        if (p.destinationPort() != 0) {
            o.put("destinationport", p.destinationPort());
        }
        o.put("protocol", p.protocol());
        if (p.count() != 0) {
            o.put("count", p.count());
        }
        if (p.timeout() != 0) {
            o.put("timeout", p.timeout());
        }
        return o;
    }

    public static JsonNode elementsJson(PingElements e) {
        ObjectNode o = F.objectNode();
        if (e.latencies().isEmpty()) {
            o.putNull("latencies");
        } else {
            ArrayNode a = o.putArray("latencies");
            e.latencies().forEach(a::add);
        }
        o.put("protocol", e.protocol());
        o.put("resolvedhost", e.resolvedHost());
        if (e.failures().isEmpty()) {
            o.putNull("failures");
        } else {
            ArrayNode a = o.putArray("failures");
            e.failures().forEach(a::add);
        }
        return o;
    }

    /** MIG's ping {@code PrintResults}. */
    public static List<String> print(Result result, boolean foundOnly) {
        List<String> prints = new ArrayList<>();
        JsonNode el = result.elements();
        String proto = el.path("protocol").asText("");
        String host = el.path("resolvedhost").asText("");
        if (result.foundAnything()) {
            prints.add(proto + " ping of " + host + " succeeded. Target is reachable.");
        }
        if (foundOnly) {
            return prints;
        }
        if (!result.foundAnything()) {
            prints.add(proto + " ping of " + host + " failed. Target is no reachable.");
        }
        int i = 0;
        for (JsonNode l : el.path("latencies")) {
            i++;
            double lat = l.asDouble();
            if (lat == PingElements.UNREACHABLE) {
                prints.add("ping #" + i + " failed, target was unreachable");
            } else if (lat == PingElements.ERROR) {
                prints.add("ping #" + i + " failed, reason unknown");
            } else if (lat == PingElements.TIMEOUT) {
                prints.add(proto.equals("udp") ? "ping #" + i + " may have succeeded (no udp response)"
                        : "ping #" + i + " failed, connection timed out");
            } else {
                prints.add("ping #" + i + " succeeded in " + GoFormat.f0(lat) + "ms");
            }
        }
        return prints;
    }
}
