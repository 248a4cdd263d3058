package io.gator.core.module.sshkey;

import static io.gator.core.module.flag.Flag.repeated;
import static io.gator.core.module.flag.Flag.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.core.module.flag.FlagChecks;
import io.gator.core.module.flag.FlagForm;
import io.gator.core.module.flag.FlagValues;
import io.gator.core.module.flag.InvalidFlagException;
import java.util.List;

/** {@code mig sshkey} flags, help text and checks, as MIG's. */
final class SshkeyFlags {
    private SshkeyFlags() {}

    static final String HELP = """
            Query parameters
            ----------------
            -path <string>  - specify a path to search for keys, more than one path option
                              can be specified on the command line. if the path option is not
                              present an OS specific default will be used (/root and /home for
                              Linux and Darwin, and c:\\Users for Windows).

            -maxdepth <int> - override default search depth of 8.
            """;

    static FlagForm form() {
        return FlagForm.mig(List.of(
                repeated("-path", "value", "see help"),
                value("-maxdepth", "int", "0", "see help")), SshkeyFlags::parameters, HELP);
    }

    private static JsonNode parameters(FlagValues v) {
        long depth;
        try {
            depth = Long.parseLong(v.value("-maxdepth").trim());
        } catch (NumberFormatException e) {
            throw new InvalidFlagException("invalid value \"" + v.value("-maxdepth") + "\" for flag -maxdepth: parse error");
        }
        if (depth < 0 || depth > SshkeyModule.MAX_DEPTH) {
            throw new InvalidFlagException(SshkeyModule.BAD_DEPTH);
        }
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        List<String> paths = v.values("-path");
        if (paths.isEmpty()) {
            p.putNull("paths");
        } else {
            p.set("paths", FlagChecks.array(paths));
        }
        p.put("maxdepth", depth);
        return p;
    }
}
