package io.gator.core.module.ping;

import static io.gator.core.module.flag.Flag.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.core.module.flag.FlagChecks;
import io.gator.core.module.flag.FlagForm;
import io.gator.core.module.flag.FlagValues;
import io.gator.core.module.flag.InvalidFlagException;
import java.util.List;

/** {@code mig ping} flags. */
final class PingFlags {
    private PingFlags() {}

    static FlagForm form() {
        // numbers are read as MIG's float64 flags read them (decimals allowed)
        return new FlagForm(List.of(
                value("-d", "destination", "www.google.com", "destination host or IP"),
                value("-dp", "port", "-1", "destination port (tcp/udp)"),
                value("-p", "protocol", "icmp", "protocol: icmp, tcp or udp"),
                value("-c", "count", "3", "number of probes"),
                value("-t", "timeout", "5", "timeout per probe in seconds")), PingFlags::parameters);
    }

    private static JsonNode parameters(FlagValues v) {
        String protocol = v.value("-p");
        if (!protocol.matches("icmp|tcp|udp")) {
            throw new InvalidFlagException("Invalid protocol '" + protocol + "': icmp, tcp or udp");
        }
        double dp = FlagChecks.number("-dp", v.value("-dp"));
        double c = FlagChecks.number("-c", v.value("-c"));
        double t = FlagChecks.number("-t", v.value("-t"));
        boolean icmp = protocol.equals("icmp");
        if (!icmp && (dp < 1 || dp >= 65536)) {
            throw new InvalidFlagException("ping " + protocol + " needs a destination port (-dp) in 1-65535");
        }
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("destination", v.value("-d"));
        if (!icmp) { // icmp has no port (MIG sends its -1 default, which its agent ignores)
            FlagChecks.putNumber(p, "destinationport", dp);
        }
        p.put("protocol", protocol);
        FlagChecks.putNumber(p, "count", c);
        FlagChecks.putNumber(p, "timeout", t);
        return p;
    }
}
