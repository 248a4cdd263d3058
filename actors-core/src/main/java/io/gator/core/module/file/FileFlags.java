package io.gator.core.module.file;

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

/** {@code mig file} flags, turned into the file module's parameters exactly as MIG's CLI does (search "s1"). */
final class FileFlags {
    private FileFlags() {}

    static FlagForm form() {
        return new FlagForm(List.of(
                repeated("-path", "paths", "search path (repeatable)"),
                repeated("-name", "names", "regex on file name; a leading ! negates"),
                repeated("-content", "contents", "regex on file content lines; a leading ! negates"),
                repeated("-size", "sizes", "size, e.g. <10k, >1m, 1024"),
                repeated("-mode", "modes", "regex on the mode string, e.g. ^-rw"),
                repeated("-mtime", "mtimes", "modified within or before, e.g. <90d, >2h"),
                repeated("-md5", "md5", ""),
                repeated("-sha1", "sha1", ""),
                repeated("-sha2", "sha2", ""),
                repeated("-sha3", "sha3", ""),
                repeated("-mismatch", "mismatch", "invert a filter: name|size|mode|mtime|content|md5|sha1|sha2|sha3"),
                // read as MIG's float64 flags read them (decimals allowed)
                value("-maxdepth", "maxDepth", "1000", ""),
                value("-maxerrors", "maxErrors", "30", ""),
                value("-matchlimit", "matchLimit", "1000", ""),
                toggle("-matchall", "all filters must match (default)"),
                toggle("-matchany", "any filter may match"),
                toggle("-macroal", "match all contents on one line"),
                toggle("-returnsha256", "return the sha256 of matched files"),
                toggle("-decompress", "read gzip files decompressed"),
                toggle("-verbose", "print more statistics")), FileFlags::parameters);
    }

    private static JsonNode parameters(FlagValues v) {
        List<String> paths = v.values("-path");
        List<String> mismatch = v.values("-mismatch");
        if (paths.isEmpty()) {
            throw new InvalidFlagException("file: at least one -path is required");
        }
        if (v.isSet("-matchall") && v.isSet("-matchany")) {
            throw new InvalidFlagException("file: -matchall and -matchany exclude each other");
        }
        FlagChecks.regexes(v.values("-name"));
        FlagChecks.regexes(v.values("-content"));
        FlagChecks.regexes(v.values("-mode"));
        FlagChecks.matching(v.values("-size"), "^(<|>)?[0-9]+(k|m|g|t)?$", "size");
        FlagChecks.matching(v.values("-mtime"), "^(<|>)[0-9]+(d|h|m)$", "mtime");
        FlagChecks.matching(v.values("-md5"), "^[0-9a-fA-F]{32}$", "md5");
        FlagChecks.matching(v.values("-sha1"), "^[0-9a-fA-F]{40}$", "sha1");
        FlagChecks.matching(v.values("-sha2"), "^([0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128})$", "sha2");
        FlagChecks.matching(v.values("-sha3"), "^([0-9a-fA-F]{56}|[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128})$",
                "sha3");
        FlagChecks.matching(mismatch, "^(name|size|mode|mtime|content|md5|sha1|sha2|sha3)$", "mismatch filter");
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode s = f.objectNode();
        s.set("paths", FlagChecks.array(paths));
        for (String filter : List.of("name", "content", "size", "mode", "mtime")) {
            FlagChecks.putIfAny(s, filter + "s", v.values("-" + filter));
        }
        for (String hash : List.of("md5", "sha1", "sha2", "sha3")) {
            FlagChecks.putIfAny(s, hash, v.values("-" + hash));
        }
        ObjectNode o = s.putObject("options");
        o.put("maxdepth", FlagChecks.whole("-maxdepth", v.value("-maxdepth")));
        o.put("maxerrors", FlagChecks.whole("-maxerrors", v.value("-maxerrors")));
        o.put("matchall", !v.isSet("-matchany"));
        o.put("macroal", v.isSet("-macroal"));
        if (mismatch.isEmpty()) {
            o.putNull("mismatch");
        } else {
            o.set("mismatch", FlagChecks.array(mismatch));
        }
        o.put("matchlimit", FlagChecks.whole("-matchlimit", v.value("-matchlimit")));
        if (v.isSet("-returnsha256")) {
            o.put("returnsha256", true);
        }
        if (v.isSet("-decompress")) {
            o.put("decompress", true);
        }
        ObjectNode params = f.objectNode();
        params.putObject("searches").set("s1", s);
        return params;
    }
}
