package io.gator.core.module.memory;

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
import java.util.Map;
import java.util.regex.Pattern;

/** MIG's {@code memory} module: parameters, flags, result shape and printer. Results never carry memory. */
public final class MemoryModule extends AbstractModuleDefinition<MemoryParameters> {
    public static final MemoryModule INSTANCE = new MemoryModule();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern HEX = Pattern.compile("^([0-9a-fA-F]{2})+$");

    public MemoryModule() {
        super("memory",
                "Searches the memory of running processes by process name, linked library, content or bytes.",
                MemoryParameters.class, MemoryModule::print, MemoryFlags.form());
    }

    @Override
    public MemoryParameters parse(JsonNode p) {
        Map<String, JsonNode> raw = ParamReader.searches(p);
        Map<String, MemorySearch> out = new LinkedHashMap<>();
        raw.forEach((label, node) -> {
            String path = "searches." + label;
            if (label.isEmpty() || label.length() > 64) {
                throw new InvalidParametersException(path, "label must be 1 to 64 characters");
            }
            object(node, path);
            JsonNode o = field(node, "options");
            String op = join(path, "options");
            boolean hasOpts = o != null && !o.isNull();
            if (hasOpts) {
                object(o, op);
            }
            MemorySearch s = new MemorySearch(string(node, "description", path), strings(node, "names", path),
                    strings(node, "libraries", path), strings(node, "bytes", path), strings(node, "contents", path),
                    hasOpts ? count(o, "offset", op) : 0, hasOpts ? count(o, "maxlength", op) : 0,
                    hasOpts && bool(o, "logfailures", op), hasOpts && bool(o, "matchall", op));
            re(s.names(), join(path, "names"));
            re(s.libraries(), join(path, "libraries"));
            re(s.contents(), join(path, "contents"));
            for (int i = 0; i < s.bytes().size(); i++) {
                if (!HEX.matcher(s.bytes().get(i)).matches()) {
                    throw new InvalidParametersException(join(path, "bytes") + "[" + i + "]",
                            "'" + s.bytes().get(i) + "' must be a hex-encoded byte string");
                }
            }
            if (s.names().isEmpty() && s.libraries().isEmpty() && s.bytes().isEmpty() && s.contents().isEmpty()) {
                throw new InvalidParametersException(path, "a search needs at least one name, library, content or byte check");
            }
            out.put(label, s);
        });
        return new MemoryParameters(out);
    }

    private static void re(List<String> l, String path) {
        for (int i = 0; i < l.size(); i++) {
            if (l.get(i).isEmpty()) {
                throw new InvalidParametersException(path + "[" + i + "]", "empty values are not permitted");
            }
            ParamReader.regex(l.get(i), path + "[" + i + "]");
        }
    }

    @Override
    public JsonNode toJson(MemoryParameters p) {
        ObjectNode root = F.objectNode();
        ObjectNode ss = root.putObject("searches");
        p.searches().forEach((k, v) -> ss.set(k, searchJson(v)));
        return root;
    }

    public static ObjectNode searchJson(MemorySearch s) {
        ObjectNode o = F.objectNode();
        if (!s.description().isEmpty()) {
            o.put("description", s.description());
        }
        put(o, "names", s.names());
        put(o, "libraries", s.libraries());
        put(o, "bytes", s.bytes());
        put(o, "contents", s.contents());
        ObjectNode op = o.putObject("options");
        if (s.offset() != 0) {
            op.put("offset", s.offset());
        }
        if (s.maxLength() != 0) {
            op.put("maxlength", s.maxLength());
        }
        if (s.logFailures()) {
            op.put("logfailures", true);
        }
        if (s.matchAll()) {
            op.put("matchall", true);
        }
        return o;
    }

    private static void put(ObjectNode o, String k, List<String> l) {
        if (!l.isEmpty()) {
            ArrayNode a = o.putArray(k);
            l.forEach(a::add);
        }
    }

    public static JsonNode elementsJson(Map<String, List<MatchedProcess>> res) {
        ObjectNode o = F.objectNode();
        res.forEach((label, list) -> {
            ArrayNode a = o.putArray(label);
            for (MatchedProcess mp : list) {
                ObjectNode m = a.addObject();
                ObjectNode pr = m.putObject("process");
                pr.put("name", mp.name());
                pr.put("pid", mp.pid());
                m.set("search", searchJson(mp.search()));
            }
        });
        return o;
    }

    public static JsonNode statisticsJson(MemoryStatistics s) {
        ObjectNode o = F.objectNode();
        o.put("processcount", s.processCount());
        o.put("memoryread", s.memoryRead());
        o.put("totalhits", s.totalHits());
        if (!s.failures().isEmpty()) {
            ArrayNode a = o.putArray("failures");
            s.failures().forEach(a::add);
        }
        o.put("exectime", s.execTime());
        return o;
    }

    private static List<String> list(JsonNode a) {
        List<String> l = new ArrayList<>();
        if (a.isArray()) {
            a.forEach(x -> l.add(x.asText()));
        }
        return l;
    }

    /** MIG's memory {@code PrintResults}. */
    public static List<String> print(Result result, boolean foundOnly) {
        List<String> prints = new ArrayList<>();
        JsonNode el = result.elements();
        if (el.isObject()) {
            el.fields().forEachRemaining(e -> {
                if (!e.getValue().isArray()) {
                    return;
                }
                for (JsonNode m : e.getValue()) {
                    String name = m.path("process").path("name").asText("");
                    JsonNode s = m.path("search");
                    String out;
                    if (name.isEmpty()) {
                        if (foundOnly) {
                            continue;
                        }
                        out = "0 match found in search '" + e.getKey() + "'";
                    } else {
                        out = name + " [pid:" + GoFormat.f0(m.path("process").path("pid").asDouble()) + "] in search '"
                                + e.getKey() + "'";
                    }
                    if (s.path("options").path("matchall").asBoolean()) {
                        prints.add(out);
                        continue;
                    }
                    StringBuilder sb = new StringBuilder(out).append(" on checks");
                    list(s.path("names")).forEach(v -> sb.append(" name='").append(v).append('\''));
                    list(s.path("libraries")).forEach(v -> sb.append(" library='").append(v).append('\''));
                    list(s.path("contents")).forEach(v -> sb.append(" content='").append(v).append('\''));
                    list(s.path("bytes")).forEach(v -> sb.append(" byte='").append(v).append('\''));
                    prints.add(sb.toString());
                }
            });
        }
        if (!foundOnly) {
            JsonNode st = result.statistics();
            List<String> failures = list(st.path("failures"));
            failures.forEach(f -> prints.add("Failure: " + f));
            prints.addAll(result.errors());
            prints.add("Statistics: " + GoFormat.f0(st.path("processcount").asDouble()) + " processes checked, "
                    + GoFormat.f0(st.path("totalhits").asDouble()) + " matched, " + failures.size()
                    + " failures, ran in " + st.path("exectime").asText("") + ".");
        }
        return prints;
    }
}
