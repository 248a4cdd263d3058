package io.gator.core.module.memory;

import static io.gator.core.module.flag.Flag.repeated;
import static io.gator.core.module.flag.Flag.toggle;
import static io.gator.core.module.flag.Flag.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.core.module.flag.FlagChecks;
import io.gator.core.module.flag.FlagForm;
import io.gator.core.module.flag.FlagValues;
import io.gator.core.module.flag.InvalidFlagException;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code mig memory} flags. MIG's CLI maps {@code -maxdepth} to the offset and {@code -matchlimit} to
 * the max length; Gator accepts those spellings and the names the help text promises.
 */
final class MemoryFlags {
    private MemoryFlags() {}

    static FlagForm form() {
        return new FlagForm(List.of(
                repeated("-name", "names", "process name regex"),
                repeated("-lib", "libs", "linked library regex"),
                repeated("-content", "contents", "regex on memory content"),
                repeated("-bytes", "bytes", "hex byte string in memory"),
                // read as MIG's float64 flags read them (decimals allowed)
                value(List.of("-offset", "-maxdepth"), "offset", "0", ""),
                value(List.of("-maxlength", "-matchlimit"), "maxLength", "0", ""),
                toggle("-matchall", ""),
                toggle("-matchany", ""),
                toggle("-logfailures", "")), MemoryFlags::parameters);
    }

    private static JsonNode parameters(FlagValues v) {
        for (String regex : List.of("-name", "-lib", "-content")) {
            FlagChecks.regexes(v.values(regex));
        }
        FlagChecks.matching(v.values("-bytes"), "^([0-9a-fA-F]{2})+$", "hex byte string");
        if (Stream.of("-name", "-lib", "-content", "-bytes").allMatch(flag -> v.values(flag).isEmpty())) {
            throw new InvalidFlagException("memory: give at least one of -name -lib -content -bytes");
        }
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        FlagChecks.putIfAny(s, "names", v.values("-name"));
        FlagChecks.putIfAny(s, "libraries", v.values("-lib"));
        FlagChecks.putIfAny(s, "bytes", v.values("-bytes"));
        FlagChecks.putIfAny(s, "contents", v.values("-content"));
        ObjectNode o = s.putObject("options");
        long off = FlagChecks.whole("-offset", v.value("-offset"));
        long max = FlagChecks.whole("-maxlength", v.value("-maxlength"));
        if (off > 0) {
            o.put("offset", off);
        }
        if (max > 0) {
            o.put("maxlength", max);
        }
        if (v.isSet("-logfailures")) {
            o.put("logfailures", true);
        }
        o.put("matchall", !v.isSet("-matchany"));
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.putObject("searches").set("s1", s);
        return p;
    }
}
