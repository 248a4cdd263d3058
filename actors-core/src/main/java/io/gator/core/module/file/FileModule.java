package io.gator.core.module.file;

import static io.gator.core.module.ParamReader.bool;
import static io.gator.core.module.ParamReader.count;
import static io.gator.core.module.ParamReader.field;
import static io.gator.core.module.ParamReader.join;
import static io.gator.core.module.ParamReader.members;
import static io.gator.core.module.ParamReader.object;
import static io.gator.core.module.ParamReader.string;
import static io.gator.core.module.ParamReader.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.core.command.Result;
import io.gator.core.module.AbstractModuleDefinition;
import io.gator.core.module.GoFormat;
import io.gator.core.module.InvalidParametersException;
import io.gator.core.module.ParamReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** MIG's {@code file} module: parameters, flags, result shape and printer. */
public final class FileModule extends AbstractModuleDefinition<FileParameters> {
    public static final FileModule INSTANCE = new FileModule();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern LABEL = Pattern.compile("^([a-zA-Z0-9_-]|.){1,64}$", Pattern.DOTALL);
    private static final Pattern SIZE = Pattern.compile("^(<|>)?[0-9]+(k|m|g|t)?$");
    private static final Pattern MTIME = Pattern.compile("^(<|>)[0-9]+(d|h|m)$");
    private static final Pattern HEX = Pattern.compile("^[0-9a-fA-F]+$");

    public FileModule() {
        super("file",
                "Searches files by name, content, size, mode, modification time or hash.",
                FileParameters.class, FileModule::print, FileFlags.form());
    }

    @Override
    public FileParameters parse(JsonNode parameters) {
        Map<String, JsonNode> raw = ParamReader.searches(parameters);
        Map<String, FileSearch> searches = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : raw.entrySet()) {
            String path = "searches." + e.getKey();
            if (!LABEL.matcher(e.getKey()).matches()) {
                throw new InvalidParametersException(path, "label must be 1 to 64 characters");
            }
            searches.put(e.getKey(), parseSearch(object(e.getValue(), path), path));
        }
        return new FileParameters(searches);
    }

    private static FileSearch parseSearch(JsonNode s, String path) {
        JsonNode o = field(s, "options");
        FileOptions opts;
        if (o == null || o.isNull()) {
            opts = new FileOptions(0, 0, false, false, false, List.of(), 0, "", false, false);
        } else {
            String op = join(path, "options");
            object(o, op);
            opts = new FileOptions(count(o, "maxdepth", op), count(o, "maxerrors", op), bool(o, "remotefs", op),
                    bool(o, "matchall", op), bool(o, "macroal", op), strings(o, "mismatch", op),
                    count(o, "matchlimit", op), string(o, "debug", op), bool(o, "returnsha256", op),
                    bool(o, "decompress", op));
            for (int i = 0; i < opts.mismatch().size(); i++) {
                if (!FileOptions.FILTERS.contains(opts.mismatch().get(i))) {
                    throw new InvalidParametersException(op + ".mismatch[" + i + "]",
                            "must be one of " + FileOptions.FILTERS + ", not '" + opts.mismatch().get(i) + "'");
                }
            }
        }
        FileSearch fs = new FileSearch(string(s, "description", path), strings(s, "paths", path),
                strings(s, "contents", path), strings(s, "names", path), strings(s, "sizes", path),
                strings(s, "modes", path), strings(s, "mtimes", path), strings(s, "md5", path),
                strings(s, "sha1", path), strings(s, "sha2", path), strings(s, "sha3", path), opts);
        if (fs.paths().isEmpty()) {
            throw new InvalidParametersException(join(path, "paths"), "at least one search path is required");
        }
        regexes(fs.contents(), join(path, "contents"));
        regexes(fs.names(), join(path, "names"));
        regexes(fs.modes(), join(path, "modes"));
        each(fs.sizes(), join(path, "sizes"), SIZE, "a size like <10k, >2m or 100");
        each(fs.mtimes(), join(path, "mtimes"), MTIME, "an age like <90d, >2h or <30m");
        hashes(fs.md5(), join(path, "md5"), List.of(32));
        hashes(fs.sha1(), join(path, "sha1"), List.of(40));
        hashes(fs.sha2(), join(path, "sha2"), List.of(64, 96, 128));
        hashes(fs.sha3(), join(path, "sha3"), List.of(56, 64, 96, 128));
        return fs;
    }

    private static void regexes(List<String> l, String path) {
        for (int i = 0; i < l.size(); i++) {
            String re = l.get(i);
            if (re.isEmpty()) {
                throw new InvalidParametersException(path + "[" + i + "]", "empty values are not permitted");
            }
            ParamReader.regex(inverse(re) ? re.substring(1) : re, path + "[" + i + "]");
        }
    }

    /** MIG's inverse match: a regex starting with {@code !} (and longer than one character). */
    public static boolean inverse(String re) {
        return re.length() > 1 && re.charAt(0) == '!';
    }

    private static void each(List<String> l, String path, Pattern p, String what) {
        for (int i = 0; i < l.size(); i++) {
            if (!p.matcher(l.get(i)).matches()) {
                throw new InvalidParametersException(path + "[" + i + "]", "'" + l.get(i) + "' must be " + what);
            }
        }
    }

    private static void hashes(List<String> l, String path, List<Integer> lengths) {
        for (int i = 0; i < l.size(); i++) {
            String h = l.get(i);
            if (!HEX.matcher(h).matches() || !lengths.contains(h.length())) {
                throw new InvalidParametersException(path + "[" + i + "]",
                        "'" + h + "' must be a hexadecimal hash of length " + lengths);
            }
        }
    }

    @Override
    public JsonNode toJson(FileParameters p) {
        ObjectNode root = F.objectNode();
        ObjectNode ss = root.putObject("searches");
        p.searches().forEach((k, v) -> ss.set(k, searchJson(v)));
        return root;
    }

    /** A search as MIG writes it (Go's omitempty on filters, {@code paths} always, mismatch null when empty). */
    public static ObjectNode searchJson(FileSearch s) {
        ObjectNode o = F.objectNode();
        if (!s.description().isEmpty()) {
            o.put("description", s.description());
        }
        o.set("paths", strs(s.paths()));
        opt(o, "contents", s.contents());
        opt(o, "names", s.names());
        opt(o, "sizes", s.sizes());
        opt(o, "modes", s.modes());
        opt(o, "mtimes", s.mtimes());
        opt(o, "md5", s.md5());
        opt(o, "sha1", s.sha1());
        opt(o, "sha2", s.sha2());
        opt(o, "sha3", s.sha3());
        FileOptions op = s.options();
        ObjectNode on = o.putObject("options");
        on.put("maxdepth", op.maxDepth());
        on.put("maxerrors", op.maxErrors());
        if (op.remoteFs()) {
            on.put("remotefs", true);
        }
        on.put("matchall", op.matchAll());
        on.put("macroal", op.macroal());
        if (op.mismatch().isEmpty()) {
            on.putNull("mismatch");
        } else {
            on.set("mismatch", strs(op.mismatch()));
        }
        on.put("matchlimit", op.matchLimit());
        if (!op.debug().isEmpty()) {
            on.put("debug", op.debug());
        }
        if (op.returnSha256()) {
            on.put("returnsha256", true);
        }
        if (op.decompress()) {
            on.put("decompress", true);
        }
        return o;
    }

    private static ArrayNode strs(List<String> l) {
        ArrayNode a = F.arrayNode();
        l.forEach(a::add);
        return a;
    }

    private static void opt(ObjectNode o, String k, List<String> l) {
        if (!l.isEmpty()) {
            o.set(k, strs(l));
        }
    }

    /** Result elements: {@code {label: [{file, search, fileinfo}]}}. */
    public static JsonNode elementsJson(Map<String, List<MatchedFile>> results) {
        ObjectNode o = F.objectNode();
        results.forEach((label, list) -> {
            ArrayNode a = o.putArray(label);
            for (MatchedFile mf : list) {
                ObjectNode m = a.addObject();
                m.put("file", mf.file());
                m.set("search", searchJson(mf.search()));
                ObjectNode fi = m.putObject("fileinfo");
                fi.put("size", mf.fileInfo().size());
                fi.put("mode", mf.fileInfo().mode());
                fi.put("lastmodified", mf.fileInfo().lastModified());
                if (!mf.fileInfo().sha256().isEmpty()) {
                    fi.put("sha256", mf.fileInfo().sha256());
                }
            }
        });
        return o;
    }

    public static JsonNode statisticsJson(FileStatistics s) {
        ObjectNode o = F.objectNode();
        o.put("filescount", s.filesCount());
        o.put("openfailed", s.openFailed());
        o.put("totalhits", s.totalHits());
        o.put("exectime", s.execTime());
        return o;
    }

    /** Reads result elements back (lenient: a result is data from an agent, not parameters to validate). */
    public static Map<String, List<MatchedFile>> readElements(JsonNode el) {
        Map<String, List<MatchedFile>> out = new LinkedHashMap<>();
        if (el == null || !el.isObject()) {
            return out;
        }
        el.fields().forEachRemaining(e -> {
            List<MatchedFile> l = new ArrayList<>();
            if (e.getValue().isArray()) {
                for (JsonNode m : e.getValue()) {
                    JsonNode fi = m.path("fileinfo");
                    JsonNode sn = m.path("search");
                    FileSearch s = sn.isObject() ? parseSearchLenient(sn) : FileSearch.of(List.of(), null);
                    l.add(new MatchedFile(m.path("file").asText(""), s, new FileInfo(fi.path("size").asLong(),
                            fi.path("mode").asText(""), fi.path("lastmodified").asText(""),
                            fi.path("sha256").asText(""))));
                }
            }
            out.put(e.getKey(), l);
        });
        return out;
    }

    private static FileSearch parseSearchLenient(JsonNode s) {
        JsonNode o = s.path("options");
        FileOptions opts = new FileOptions(o.path("maxdepth").asLong(), o.path("maxerrors").asLong(),
                o.path("remotefs").asBoolean(), o.path("matchall").asBoolean(), o.path("macroal").asBoolean(),
                list(o.path("mismatch")), o.path("matchlimit").asLong(), o.path("debug").asText(""),
                o.path("returnsha256").asBoolean(), o.path("decompress").asBoolean());
        return new FileSearch(s.path("description").asText(""), list(s.path("paths")), list(s.path("contents")),
                list(s.path("names")), list(s.path("sizes")), list(s.path("modes")), list(s.path("mtimes")),
                list(s.path("md5")), list(s.path("sha1")), list(s.path("sha2")), list(s.path("sha3")), opts);
    }

    private static List<String> list(JsonNode a) {
        List<String> l = new ArrayList<>();
        if (a.isArray()) {
            a.forEach(x -> l.add(x.asText()));
        }
        return l;
    }

    /** MIG's file {@code PrintResults}. */
    public static List<String> print(Result result, boolean foundOnly) {
        List<String> prints = new ArrayList<>();
        readElements(result.elements()).forEach((label, list) -> {
            for (MatchedFile mf : list) {
                String out;
                if (mf.file().isEmpty()) {
                    if (foundOnly) {
                        continue;
                    }
                    out = "0 match found in search '" + label + "'";
                } else {
                    out = mf.file() + " [lastmodified:" + mf.fileInfo().lastModified() + ", mode:"
                            + mf.fileInfo().mode() + ", size:" + mf.fileInfo().size();
                    if (!mf.fileInfo().sha256().isEmpty()) {
                        out += ", sha256:" + mf.fileInfo().sha256().toLowerCase(Locale.ROOT);
                    }
                    out += "] in search '" + label + "'";
                }
                if (mf.search().options().matchAll()) {
                    prints.add(out);
                    continue;
                }
                StringBuilder sb = new StringBuilder(out).append(" on checks");
                FileSearch s = mf.search();
                s.names().forEach(v -> sb.append(" name='").append(v).append('\''));
                s.sizes().forEach(v -> sb.append(" size='").append(v).append('\''));
                s.modes().forEach(v -> sb.append(" mode='").append(v).append('\''));
                s.mtimes().forEach(v -> sb.append(" mtime='").append(v).append('\''));
                s.contents().forEach(v -> sb.append(" content='").append(v).append('\''));
                s.md5().forEach(v -> sb.append(" md5='").append(v).append('\''));
                s.sha1().forEach(v -> sb.append(" sha1='").append(v).append('\''));
                s.sha2().forEach(v -> sb.append(" sha2='").append(v).append('\''));
                s.sha3().forEach(v -> sb.append(" sha3='").append(v).append('\''));
                prints.add(sb.toString());
            }
        });
        if (!foundOnly) {
            prints.addAll(result.errors());
            JsonNode st = result.statistics();
            prints.add("Statistics: " + GoFormat.f0(st.path("filescount").asDouble()) + " files checked, "
                    + GoFormat.f0(st.path("openfailed").asDouble()) + " failed to open, "
                    + GoFormat.f0(st.path("totalhits").asDouble()) + " matched, ran in "
                    + st.path("exectime").asText("") + ".");
        }
        return prints;
    }
}
