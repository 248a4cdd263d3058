package io.gator.core.module.sshkey;

import static io.gator.core.module.ParamReader.field;
import static io.gator.core.module.ParamReader.object;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.core.command.Result;
import io.gator.core.module.AbstractModuleDefinition;
import io.gator.core.module.InvalidParametersException;
import java.util.ArrayList;
import java.util.List;

/** MIG's {@code sshkey} module: parameters, flags, result shape and printer. */
public final class SshkeyModule extends AbstractModuleDefinition<SshkeyParameters> {
    public static final SshkeyModule INSTANCE = new SshkeyModule();
    static final int MAX_DEPTH = 1000;
    /** MIG's refusal, word for word, from the CLI and the agent alike. */
    static final String BAD_DEPTH = "maxdepth should be specified from 0-1000";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    public SshkeyModule() {
        super("sshkey", "Finds SSH private, public and authorized keys and reports their fingerprints.",
                SshkeyParameters.class, SshkeyModule::print, SshkeyFlags.form());
    }

    @Override
    public SshkeyParameters parse(JsonNode p) {
        object(p, "parameters");
        List<String> paths = new ArrayList<>();
        JsonNode ps = field(p, "paths");
        if (ps != null && !ps.isNull()) {
            if (!ps.isArray()) {
                throw goTypeError("paths", ps, "[]string");
            }
            for (JsonNode x : ps) {
                if (!x.isTextual()) {
                    throw goTypeError("paths", x, "string");
                }
                paths.add(x.asText());
            }
        }
        int depth = 0;
        JsonNode d = field(p, "maxdepth");
        if (d != null && !d.isNull()) {
            if (!d.isIntegralNumber() || !d.canConvertToInt()) {
                throw goTypeError("maxdepth", d, "int");
            }
            depth = d.asInt();
        }
        if (depth < 0 || depth > MAX_DEPTH) {
            throw InvalidParametersException.verbatim("maxdepth", BAD_DEPTH);
        }
        return new SshkeyParameters(paths, depth);
    }

    /** Go's decoding error, which MIG's agent returns as is. */
    private static InvalidParametersException goTypeError(String name, JsonNode v, String goType) {
        String json = switch (v.getNodeType()) {
            case STRING -> "string";
            case BOOLEAN -> "bool";
            case OBJECT -> "object";
            case ARRAY -> "array";
            case NUMBER -> "number " + v.asText();
            default -> v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
        if (v.isNumber() && goType.equals("string")) {
            json = "number";
        }
        return InvalidParametersException.verbatim(name, "ReadInputParameters() -> json: cannot unmarshal " + json
                + " into Go struct field parameters." + name + " of type " + goType);
    }

    @Override
    public JsonNode toJson(SshkeyParameters p) {
        ObjectNode o = F.objectNode();
        if (p.paths().isEmpty()) {
            o.putNull("paths");
        } else {
            ArrayNode a = o.putArray("paths");
            p.paths().forEach(a::add);
        }
        o.put("maxdepth", p.maxDepth());
        return o;
    }

    /** The result's elements as MIG writes them: {@code "keys":null} when none was found. */
    public static JsonNode elementsJson(List<FoundKey> keys) {
        ObjectNode o = F.objectNode();
        if (keys.isEmpty()) {
            o.putNull("keys");
            return o;
        }
        ArrayNode a = o.putArray("keys");
        for (FoundKey k : keys) {
            a.addObject().put("fingerprint_md5", k.fingerprintMd5()).put("fingerprint_sha256", k.fingerprintSha256())
                    .put("path", k.path()).put("encrypted", k.encrypted()).put("type", k.type());
        }
        return o;
    }

    /** MIG's sshkey {@code PrintResults}: one line per key, then (unless found only) the errors. */
    public static List<String> print(Result result, boolean foundOnly) {
        List<String> prints = new ArrayList<>();
        for (JsonNode k : result.elements().path("keys")) {
            String type = k.path("type").asText("");
            StringBuilder line = new StringBuilder(k.path("path").asText("")).append(" [").append(type).append(']');
            if (type.equals(FoundKey.PRIVATE)) {
                line.append(" encrypted=").append(k.path("encrypted").asBoolean(false));
            }
            line.append(" md5fp=").append(orUnknown(k.path("fingerprint_md5").asText("")))
                    .append(" sha256fp=").append(orUnknown(k.path("fingerprint_sha256").asText("")));
            prints.add(line.toString());
        }
        if (!foundOnly) {
            prints.addAll(result.errors());
        }
        return prints;
    }

    private static String orUnknown(String fingerprint) {
        return fingerprint.isEmpty() ? "unknown" : fingerprint;
    }
}
