package io.gator.core.module.timedrift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gator.core.module.flag.Flag;
import io.gator.core.module.flag.FlagForm;
import io.gator.core.module.flag.FlagValues;
import io.gator.core.module.flag.InvalidFlagException;
import java.util.List;

/** {@code mig timedrift} flags. */
final class TimedriftFlags {
    private TimedriftFlags() {}

    static FlagForm form() {
        return new FlagForm(List.of(Flag.value("-drift", "drift", "",
                "allowed drift as a Go duration (e.g. 5s); empty: only report local time")), TimedriftFlags::parameters);
    }

    private static JsonNode parameters(FlagValues v) {
        String drift = v.value("-drift");
        if (!drift.isEmpty() && !drift.matches("^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$")) {
            throw new InvalidFlagException("Invalid drift duration '" + drift + "'");
        }
        return JsonNodeFactory.instance.objectNode().put("drift", drift);
    }
}
