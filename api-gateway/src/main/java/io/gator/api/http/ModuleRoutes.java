package io.gator.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.api.auth.Permission;
import io.gator.core.json.MigJson;
import io.gator.core.json.MigJsonException;
import io.gator.core.module.InvalidParametersException;
import io.gator.core.module.ModuleDefinition;
import io.gator.core.module.ModuleDefinitions;
import io.gator.core.module.flag.Flag;
import io.gator.core.module.flag.FlagForm;
import io.gator.core.module.flag.FlagValues;
import io.gator.core.module.flag.InvalidFlagException;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Gator extension for the web console: the modules' launch flags as data ({@code GET /modules}), and flag
 * values turned into an operation's parameters by the module's own code, with the CLI's refusals
 * ({@code POST /modules/parameters}), so a form in the browser launches exactly what {@code mig MODULE ...} would.
 */
final class ModuleRoutes extends AllDirectives {
    /**
     * Flags the CLI reads as a path on the investigator's machine: the server must not open its own files for
     * them, so the browser reads the investigator's file and sends its content in form field {@code clientfile}.
     */
    static final Map<String, String> CLIENT_FILE_FLAGS = Map.of("scribe", "-path", "yara", "-rules");
    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("[+-]?[0-9]+");

    /** Placeholder path given to the flag code, which takes the sent content and opens nothing. */
    static final String CLIENT_FILE_VALUE = "clientfile";

    private final Calls calls;
    /** Largest client file content in bytes: its text lands in the parameters, bounded by max-text-length. */
    private final int maxClientFile;

    ModuleRoutes(Calls calls, int maxClientFile) {
        this.calls = calls;
        this.maxClientFile = maxClientFile;
    }

    Route route() {
        return concat(
                path("modules", () -> get(() -> calls.call(Permission.SEARCH, Set.of(), call ->
                        calls.answer(call, () -> CompletableFuture.completedFuture(
                                Answers.json(StatusCodes.OK, definitions())))))),
                path(PathMatchers.segment("modules").slash("parameters"), () -> post(() ->
                        calls.call(Permission.ACTION_CREATE, Set.of(), call ->
                                formFieldOptional("module", module -> formFieldOptional("values", values ->
                                        formFieldOptional("clientfile", file ->
                                                calls.answer(call, () -> parameters(module, values, file)))))))));
    }

    /** Every module with its description and flags, sorted by name. */
    static ObjectNode definitions() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode modules = root.putArray("modules");
        for (String name : ModuleDefinitions.names()) {
            ModuleDefinition<?> d = ModuleDefinitions.get(name);
            ObjectNode m = modules.addObject();
            m.put("name", name).put("description", d.description());
            Optional<FlagForm> form = d.flags();
            m.put("launchable", form.isPresent());
            Optional.ofNullable(CLIENT_FILE_FLAGS.get(name)).ifPresent(f -> m.put("clientfile", f));
            m.put("help", form.flatMap(FlagForm::help).orElse(""));
            ArrayNode flags = m.putArray("flags");
            form.ifPresent(f -> f.flags().forEach(flag -> {
                ObjectNode o = flags.addObject();
                o.put("name", flag.name());
                ArrayNode names = o.putArray("names");
                flag.names().forEach(names::add);
                o.put("kind", flag.kind().name().toLowerCase(Locale.ROOT));
                o.put("repeatable", flag.kind() == Flag.Kind.REPEATED);
                o.put("label", flag.label());
                o.put("default", flag.defaultValue());
                o.put("description", flag.description());
            }));
        }
        return root;
    }

    private CompletionStage<HttpResponse> parameters(Optional<String> moduleField, Optional<String> valuesField,
                                                     Optional<String> clientFileField) {
        String module = moduleField.orElseThrow(() ->
                new ApiError(StatusCodes.BAD_REQUEST, "missing module name in form field 'module'"));
        ModuleDefinition<?> d = ModuleDefinitions.find(module).orElseThrow(() ->
                new ApiError(StatusCodes.BAD_REQUEST, "unknown module '" + module + "'"));
        FlagForm form = d.flags().orElseThrow(() -> new ApiError(StatusCodes.BAD_REQUEST,
                "module '" + module + "' does not support command line invocation"));
        Map<String, Object> given = values(form, valuesField.orElse("{}"));
        FlagValues values;
        String fileFlag = CLIENT_FILE_FLAGS.get(module);
        if (fileFlag != null) {
            byte[] content = clientFileField.map(c -> c.getBytes(StandardCharsets.UTF_8)).orElseThrow(() ->
                    new ApiError(StatusCodes.BAD_REQUEST, "module '" + module + "' reads " + fileFlag
                            + " from a file on the investigator's machine: send the file's content in form field"
                            + " 'clientfile' (the server opens no file)"));
            if (content.length > maxClientFile) {
                throw new ApiError(StatusCodes.BAD_REQUEST, "clientfile is " + content.length
                        + " bytes, larger than the limit of " + maxClientFile + " bytes");
            }
            // the path the flag names is the investigator's, never opened here
            given.put(fileFlag, CLIENT_FILE_VALUE);
            values = FlagValues.withClientContent(given, content);
        } else if (clientFileField.isPresent()) {
            throw new ApiError(StatusCodes.BAD_REQUEST, "module '" + module + "' reads no file: clientfile is not expected");
        } else {
            values = FlagValues.of(given);
        }
        JsonNode params;
        try {
            params = form.parameters(values);
            // the agent's own check, as the CLI runs it before signing
            d.parse(params);
        } catch (InvalidFlagException | InvalidParametersException e) {
            throw new ApiError(StatusCodes.BAD_REQUEST, e.getMessage());
        }
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("module", module);
        answer.set("parameters", params);
        return CompletableFuture.completedFuture(Answers.json(StatusCodes.OK, answer));
    }

    /** The form's values from a JSON object by flag name; a flag not given takes what the CLI gives it. */
    private static Map<String, Object> values(FlagForm form, String json) {
        JsonNode tree;
        try {
            tree = MigJson.tree(json);
        } catch (MigJsonException e) {
            throw new ApiError(StatusCodes.BAD_REQUEST, "malformed values JSON: " + e.getMessage());
        }
        if (!tree.isObject()) {
            throw new ApiError(StatusCodes.BAD_REQUEST, "values must be a JSON object by flag name");
        }
        Map<String, Flag> byName = new HashMap<>();
        form.flags().forEach(f -> byName.put(f.name(), f));
        for (var it = tree.fieldNames(); it.hasNext(); ) {
            String n = it.next();
            if (!byName.containsKey(n)) {
                throw new ApiError(StatusCodes.BAD_REQUEST, "flag provided but not defined: " + Fields.printable(n));
            }
        }
        Map<String, Object> values = new HashMap<>();
        for (Flag f : form.flags()) {
            JsonNode v = tree.path(f.name());
            values.put(f.name(), switch (f.kind()) {
                case SWITCH -> {
                    if (!v.isMissingNode() && !v.isBoolean()) {
                        throw new ApiError(StatusCodes.BAD_REQUEST, "flag " + f.name() + " is true or false");
                    }
                    yield v.asBoolean(false);
                }
                case VALUE -> {
                    if (!v.isMissingNode() && !v.isTextual()) {
                        throw new ApiError(StatusCodes.BAD_REQUEST, "flag " + f.name() + " takes one text value");
                    }
                    if (v.isTextual() && f.label().equals("int") && !DECIMAL.matcher(v.asText()).matches()) {
                        // Go's flag package refuses it; the CLI accepts Go's other int forms (0x10), the form does not
                        throw new ApiError(StatusCodes.BAD_REQUEST, "invalid value \"" + v.asText() + "\" for flag "
                                + f.name() + ": a decimal integer is expected");
                    }
                    yield v.isMissingNode() ? f.defaultValue() : v.asText();
                }
                case REPEATED -> repeated(f, v);
            });
        }
        return values;
    }

    private static List<String> repeated(Flag f, JsonNode v) {
        if (v.isMissingNode()) {
            return List.of();
        }
        // the body limit (gator.api.body-limit) bounds the list
        if (!v.isArray()) {
            throw new ApiError(StatusCodes.BAD_REQUEST, "flag " + f.name() + " takes a list of text values");
        }
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode x : v) {
            if (!x.isTextual()) {
                throw new ApiError(StatusCodes.BAD_REQUEST, "flag " + f.name() + " takes text values");
            }
            out.add(x.asText());
        }
        return out;
    }
}
