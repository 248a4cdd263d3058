package io.gator.core.module.netstat;

import static io.gator.core.module.flag.Flag.repeated;
import static io.gator.core.module.flag.Flag.toggle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.core.module.flag.FlagChecks;
import io.gator.core.module.flag.FlagForm;
import io.gator.core.module.flag.FlagValues;
import io.gator.core.module.flag.InvalidFlagException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code mig netstat} flags. */
final class NetstatFlags {
    private static final String IP_OR_CIDR = "^[0-9a-fA-F:.]+(/[0-9]{1,3})?$";
    /** Each repeated flag's parameter, in the order MIG's CLI writes them. */
    private static final Map<String, String> KEYS = orderedKeys();

    private NetstatFlags() {}

    static FlagForm form() {
        return new FlagForm(List.of(
                repeated("-lm", "localMac", "local MAC address regex"),
                repeated("-nm", "neighborMac", "neighbour MAC address regex"),
                repeated("-li", "localIp", "local IP or CIDR"),
                repeated("-ni", "neighborIp", "neighbour IP or CIDR"),
                repeated("-ci", "connectedIp", "connected IP or CIDR"),
                repeated("-lp", "listeningPort", "listening port"),
                toggle("-namespaces", "look into network namespaces too")), NetstatFlags::parameters);
    }

    private static Map<String, String> orderedKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("-lm", "localmac");
        keys.put("-li", "localip");
        keys.put("-nm", "neighbormac");
        keys.put("-ni", "neighborip");
        keys.put("-ci", "connectedip");
        keys.put("-lp", "listeningport");
        return Collections.unmodifiableMap(keys);
    }

    private static JsonNode parameters(FlagValues v) {
        FlagChecks.regexes(v.values("-lm"));
        FlagChecks.regexes(v.values("-nm"));
        for (String ip : List.of("-li", "-ni", "-ci")) {
            FlagChecks.matching(v.values(ip), IP_OR_CIDR, "IP or CIDR");
        }
        for (String p : v.values("-lp")) {
            if (!p.matches("^[0-9]{1,5}$") || Integer.parseInt(p) > 65535) {
                throw new InvalidFlagException("Invalid port '" + p + "'");
            }
        }
        if (KEYS.keySet().stream().allMatch(flag -> v.values(flag).isEmpty())) {
            throw new InvalidFlagException("netstat: give at least one of -lm -nm -li -ni -ci -lp");
        }
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        KEYS.forEach((flag, key) -> FlagChecks.putIfAny(p, key, v.values(flag)));
        p.put("namespaces", v.isSet("-namespaces"));
        return p;
    }
}
