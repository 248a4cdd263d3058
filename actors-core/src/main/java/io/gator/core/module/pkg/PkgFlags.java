package io.gator.core.module.pkg;

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

/** {@code mig pkg} flags. */
final class PkgFlags {
    private PkgFlags() {}

    static FlagForm form() {
        return new FlagForm(List.of(
                repeated("-name", "names", "package name regex"),
                value("-version", "version", "", "version regex; a leading ! negates")), PkgFlags::parameters);
    }

    private static JsonNode parameters(FlagValues v) {
        List<String> names = v.values("-name");
        String version = v.value("-version");
        if (names.isEmpty()) {
            throw new InvalidFlagException("pkg: at least one -name is required");
        }
        FlagChecks.regexes(names);
        if (!version.isEmpty()) {
            FlagChecks.regexes(List.of(version));
        }
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.putObject("pkgmatch").set("matches", FlagChecks.array(names));
        p.put("vermatch", version);
        return p;
    }
}
