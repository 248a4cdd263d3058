package io.gator.cli.module;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code mig file} flags, turned into the file module's parameters exactly as MIG's CLI does (search "s1"). */
public final class FileFlags implements ModuleFlags {
    @Option(names = "-path", description = "search path (repeatable)") List<String> paths = new ArrayList<>();
    @Option(names = "-name", description = "regex on file name; a leading ! negates") List<String> names = new ArrayList<>();
    @Option(names = "-content", description = "regex on file content lines; a leading ! negates") List<String> contents = new ArrayList<>();
    @Option(names = "-size", description = "size, e.g. <10k, >1m, 1024") List<String> sizes = new ArrayList<>();
    @Option(names = "-mode", description = "regex on the mode string, e.g. ^-rw") List<String> modes = new ArrayList<>();
    @Option(names = "-mtime", description = "modified within or before, e.g. <90d, >2h") List<String> mtimes = new ArrayList<>();
    @Option(names = "-md5") List<String> md5 = new ArrayList<>();
    @Option(names = "-sha1") List<String> sha1 = new ArrayList<>();
    @Option(names = "-sha2") List<String> sha2 = new ArrayList<>();
    @Option(names = "-sha3") List<String> sha3 = new ArrayList<>();
    @Option(names = "-mismatch", description = "invert a filter: name|size|mode|mtime|content|md5|sha1|sha2|sha3") List<String> mismatch = new ArrayList<>();
    // strings, read as MIG's float64 flags read them (decimals allowed)
    @Option(names = "-maxdepth", defaultValue = "1000") String maxDepth;
    @Option(names = "-maxerrors", defaultValue = "30") String maxErrors;
    @Option(names = "-matchlimit", defaultValue = "1000") String matchLimit;
    @Option(names = "-matchall", description = "all filters must match (default)") boolean matchAll;
    @Option(names = "-matchany", description = "any filter may match") boolean matchAny;
    @Option(names = "-macroal", description = "match all contents on one line") boolean macroal;
    @Option(names = "-returnsha256", description = "return the sha256 of matched files") boolean returnSha256;
    @Option(names = "-decompress", description = "read gzip files decompressed") boolean decompress;
    @Option(names = "-verbose", description = "print more statistics") boolean verbose;

    @Override
    public String module() {
        return "file";
    }

    @Override
    public JsonNode parameters() {
        if (paths.isEmpty()) {
            throw new InvalidFlagException("file: at least one -path is required");
        }
        if (matchAll && matchAny) {
            throw new InvalidFlagException("file: -matchall and -matchany exclude each other");
        }
        Flags.regexes(names);
        Flags.regexes(contents);
        Flags.regexes(modes);
        Flags.matching(sizes, "^(<|>)?[0-9]+(k|m|g|t)?$", "size");
        Flags.matching(mtimes, "^(<|>)[0-9]+(d|h|m)$", "mtime");
        Flags.matching(md5, "^[0-9a-fA-F]{32}$", "md5");
        Flags.matching(sha1, "^[0-9a-fA-F]{40}$", "sha1");
        Flags.matching(sha2, "^([0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128})$", "sha2");
        Flags.matching(sha3, "^([0-9a-fA-F]{56}|[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128})$", "sha3");
        Flags.matching(mismatch, "^(name|size|mode|mtime|content|md5|sha1|sha2|sha3)$", "mismatch filter");
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode s = f.objectNode();
        s.set("paths", Flags.array(paths));
        Flags.putIfAny(s, "names", names);
        Flags.putIfAny(s, "contents", contents);
        Flags.putIfAny(s, "sizes", sizes);
        Flags.putIfAny(s, "modes", modes);
        Flags.putIfAny(s, "mtimes", mtimes);
        Flags.putIfAny(s, "md5", md5);
        Flags.putIfAny(s, "sha1", sha1);
        Flags.putIfAny(s, "sha2", sha2);
        Flags.putIfAny(s, "sha3", sha3);
        ObjectNode o = s.putObject("options");
        o.put("maxdepth", Flags.whole("-maxdepth", maxDepth));
        o.put("maxerrors", Flags.whole("-maxerrors", maxErrors));
        o.put("matchall", !matchAny);
        o.put("macroal", macroal);
        if (mismatch.isEmpty()) {
            o.putNull("mismatch");
        } else {
            o.set("mismatch", Flags.array(mismatch));
        }
        o.put("matchlimit", Flags.whole("-matchlimit", matchLimit));
        if (returnSha256) {
            o.put("returnsha256", true);
        }
        if (decompress) {
            o.put("decompress", true);
        }
        ObjectNode params = f.objectNode();
        params.putObject("searches").set("s1", s);
        return params;
    }


}
