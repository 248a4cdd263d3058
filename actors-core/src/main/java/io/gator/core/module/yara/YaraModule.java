package io.gator.core.module.yara;

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

/** MIG's {@code yara} module: parameters, flags, result shape and printer. */
public final class YaraModule extends AbstractModuleDefinition<YaraParameters> {
    public static final YaraModule INSTANCE = new YaraModule();
    /** MIG's refusal of empty rules, from the CLI and the agent alike. */
    static final String NO_RULES = "yara rules are a required option";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    public YaraModule() {
        super("yara", "Scans files with YARA rules.", YaraParameters.class, YaraModule::print, YaraFlags.form());
    }

    @Override
    public YaraParameters parse(JsonNode p) {
        object(p, "parameters");
        YaraParameters params = new YaraParameters(string(p, "yara"), string(p, "filesearch"));
        check(params.rules(), params.fileSearch()).ifPresent(refusal -> {
            throw InvalidParametersException.verbatim(refusal.field(), refusal.message());
        });
        return params;
    }

    /** A refusal of MIG's yara checks: the parameter and MIG's words (and the file module's usage, if any). */
    record Refusal(String field, String message, String usage) {}

    /** MIG's yara checks: rules given, and a file search the file module accepts. */
    static java.util.Optional<Refusal> check(String rules, String fileSearch) {
        if (rules.isEmpty()) {
            return java.util.Optional.of(new Refusal("yara", NO_RULES, ""));
        }
        if (!fileSearch.isEmpty()) {
            try {
                FileSearchArgs.parse(fileSearch);
            } catch (FileSearchArgs.Refused e) {
                return java.util.Optional.of(new Refusal("filesearch", e.getMessage(), e.usage()));
            }
        }
        return java.util.Optional.empty();
    }

    /** A string parameter; anything else is refused with Go's decoding error, which MIG's agent returns as is. */
    private static String string(JsonNode p, String name) {
        JsonNode v = field(p, name);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            String json = switch (v.getNodeType()) {
                case BOOLEAN -> "bool";
                case OBJECT -> "object";
                case ARRAY -> "array";
                default -> "number";
            };
            throw InvalidParametersException.verbatim(name, "ReadInputParameters() -> json: cannot unmarshal " + json
                    + " into Go struct field parameters." + name + " of type string");
        }
        return v.asText();
    }

    @Override
    public JsonNode toJson(YaraParameters p) {
        ObjectNode o = F.objectNode();
        o.put("yara", p.rules());
        o.put("filesearch", p.fileSearch());
        return o;
    }

    /** The result's elements as MIG writes them (Go field names): {@code "Matches":null} when nothing matched. */
    public static JsonNode elementsJson(List<YaraMatch> matches) {
        ObjectNode o = F.objectNode();
        if (matches.isEmpty()) {
            o.putNull("Matches");
            return o;
        }
        ArrayNode a = o.putArray("Matches");
        for (YaraMatch m : matches) {
            ObjectNode e = a.addObject().put("Object", m.object());
            ArrayNode rules = e.putArray("MatchedRules");
            m.matchedRules().forEach(rules::add);
        }
        return o;
    }

    /** MIG's yara {@code PrintResults}: {@code <path> [Rule1,Rule2]} per match, then (unless found only) the errors. */
    public static List<String> print(Result result, boolean foundOnly) {
        List<String> prints = new ArrayList<>();
        for (JsonNode m : result.elements().path("Matches")) {
            List<String> rules = new ArrayList<>();
            m.path("MatchedRules").forEach(r -> rules.add(r.asText("")));
            prints.add(m.path("Object").asText("") + " [" + String.join(",", rules) + "]");
        }
        if (!foundOnly) {
            prints.addAll(result.errors());
        }
        return prints;
    }
}
