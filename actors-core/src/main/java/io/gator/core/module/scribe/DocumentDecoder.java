package io.gator.core.module.scribe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads a scribe document (or the module's parameters) from a JSON or YAML tree as Go's decoders read MIG's structs:
 * keys matched case-insensitively in the order given, unknown keys ignored, {@code null} leaving the zero value, and
 * the first value of the wrong type refused with Go's text.
 */
final class DocumentDecoder {
    /** A value of the wrong type, with the text Go's decoder gives. */
    static final class TypeError extends RuntimeException {
        TypeError(String message) {
            super(message);
        }
    }

    private final boolean yaml;
    private final Deque<String> path = new ArrayDeque<>();
    private String struct = "";

    private DocumentDecoder(boolean yaml) {
        this.yaml = yaml;
    }

    /** The module's parameters, from {@code encoding/json}. */
    static ScribeParameters parameters(JsonNode p) {
        DocumentDecoder d = new DocumentDecoder(false);
        if (!p.isObject() && !p.isNull()) {
            throw new TypeError("json: cannot unmarshal " + d.kind(p) + " into Go value of type scribe.parameters");
        }
        ScribeDocument[] doc = {ScribeDocument.EMPTY};
        boolean[] flags = new boolean[3];
        Map<String, Consumer<JsonNode>> f = new LinkedHashMap<>();
        f.put("scribedoc", v -> doc[0] = d.document(v));
        f.put("onlytrue", v -> flags[0] = d.bool(v));
        f.put("humanoutput", v -> flags[1] = d.bool(v));
        f.put("jsonoutput", v -> flags[2] = d.bool(v));
        d.struct(p, "parameters", f);
        return new ScribeParameters(doc[0], flags[0], flags[1], flags[2]);
    }

    /** A document file's tree: {@code json} from {@code encoding/json}, else from {@code yaml.v2}. */
    static ScribeDocument document(JsonNode tree, boolean json) {
        DocumentDecoder d = new DocumentDecoder(!json);
        if (!tree.isObject() && !tree.isNull()) {
            if (json) {
                throw new TypeError("json: cannot unmarshal " + d.kind(tree) + " into Go value of type scribe.Document");
            }
            throw new TypeError("yaml: unmarshal errors:\n  line 1: cannot unmarshal " + d.kind(tree) + " into scribe.Document");
        }
        return d.document(tree);
    }

    private ScribeDocument document(JsonNode v) {
        if (!isStruct(v, "scribe.Document")) {
            return ScribeDocument.EMPTY;
        }
        List<List<Variable>> vars = new ArrayList<>(List.of(List.of()));
        List<List<ScribeObject>> objs = new ArrayList<>(List.of(List.of()));
        List<List<ScribeTest>> tests = new ArrayList<>(List.of(List.of()));
        Map<String, Consumer<JsonNode>> f = new LinkedHashMap<>();
        f.put("variables", x -> vars.set(0, list(x, "scribe.Variable", this::variable)));
        f.put("objects", x -> objs.set(0, list(x, "scribe.Object", this::object)));
        f.put("tests", x -> tests.set(0, list(x, "scribe.Test", this::test)));
        struct(v, "Document", f);
        return new ScribeDocument(vars.get(0), objs.get(0), tests.get(0));
    }

    private Variable variable(JsonNode v) {
        String[] s = {"", ""};
        Map<String, Consumer<JsonNode>> f = new LinkedHashMap<>();
        f.put("key", x -> s[0] = string(x));
        f.put("value", x -> s[1] = string(x));
        struct(v, "Variable", f);
        return new Variable(s[0], s[1]);
    }

    private ScribeObject object(JsonNode v) {
        String[] name = {""};
        Object[] parts = {FileContentSource.EMPTY, FileNameSource.EMPTY, PackageSource.EMPTY, RawSource.EMPTY, HasLineSource.EMPTY};
        Map<String, Consumer<JsonNode>> f = new LinkedHashMap<>();
        f.put("object", x -> name[0] = string(x));
        f.put("filecontent", x -> parts[0] = sub(x, "scribe.FileContent", FileContentSource.EMPTY, this::fileContent));
        f.put("filename", x -> parts[1] = sub(x, "scribe.FileName", FileNameSource.EMPTY, this::fileName));
        f.put("package", x -> parts[2] = sub(x, "scribe.Pkg", PackageSource.EMPTY, this::pkg));
        f.put("raw", x -> parts[3] = sub(x, "scribe.Raw", RawSource.EMPTY, this::raw));
        f.put("hasline", x -> parts[4] = sub(x, "scribe.HasLine", HasLineSource.EMPTY, this::hasLine));
        struct(v, "Object", f);
        return new ScribeObject(name[0], (FileContentSource) parts[0], (FileNameSource) parts[1], (PackageSource) parts[2],
                (RawSource) parts[3], (HasLineSource) parts[4]);
    }

    private FileContentSource fileContent(JsonNode v) {
        String[] s = {"", "", "", ""};
        List<List<String>> chain = new ArrayList<>(List.of(List.of()));
        Map<String, Consumer<JsonNode>> f = new LinkedHashMap<>();
        f.put("path", x -> s[0] = string(x));
        f.put("file", x -> s[1] = string(x));
        f.put("expression", x -> s[2] = string(x));
        f.put("concat", x -> s[3] = string(x));
        f.put("import-chain", x -> chain.set(0, list(x, "string", this::string)));
        struct(v, "FileContent", f);
        return new FileContentSource(s[0], s[1], s[2], s[3], chain.get(0));
    }

    private FileNameSource fileName(JsonNode v) {
        String[] s = {"", ""};
        Map<String, Consumer<JsonNode>> f = new LinkedHashMap<>();
        f.put("path", x -> s[0] = string(x));
        f.put("file", x -> s[1] = string(x));
        struct(v, "FileName", f);
        return new FileNameSource(s[0], s[1]);
    }

    private PackageSource pkg(JsonNode v) {
        String[] s = {"", ""};
        boolean[] newest = {false};
        Map<String, Consumer<JsonNode>> f = new LinkedHashMap<>();
        f.put("name", x -> s[0] = string(x));
        f.put("collectmatch", x -> s[1] = string(x));
        f.put("onlynewest", x -> newest[0] = bool(x));
        struct(v, "Pkg", f);
        return new PackageSource(s[0], s[1], newest[0]);
    }

    private RawSource raw(JsonNode v) {
        List<List<RawIdentifier>> ids = new ArrayList<>(List.of(List.of()));
        Map<String, Consumer<JsonNode>> f = new LinkedHashMap<>();
        f.put("identifiers", x -> ids.set(0, list(x, "scribe.RawIdentifiers", this::rawIdentifier)));
        struct(v, "Raw", f);
        return new RawSource(ids.get(0));
    }

    private RawIdentifier rawIdentifier(JsonNode v) {
        String[] s = {"", ""};
        Map<String, Consumer<JsonNode>> f = new LinkedHashMap<>();
        f.put("identifier", x -> s[0] = string(x));
        f.put("value", x -> s[1] = string(x));
        struct(v, "RawIdentifiers", f);
        return new RawIdentifier(s[0], s[1]);
    }

    private HasLineSource hasLine(JsonNode v) {
        String[] s = {"", "", ""};
        Map<String, Consumer<JsonNode>> f = new LinkedHashMap<>();
        f.put("path", x -> s[0] = string(x));
        f.put("file", x -> s[1] = string(x));
        f.put("expression", x -> s[2] = string(x));
        struct(v, "HasLine", f);
        return new HasLineSource(s[0], s[1], s[2]);
    }

    private ScribeTest test(JsonNode v) {
        String[] s = {"", "", "", "", "", ""};
        EvrTest[] evr = {EvrTest.EMPTY};
        List<List<TestTag>> tags = new ArrayList<>(List.of(List.of()));
        List<List<String>> ifs = new ArrayList<>(List.of(List.of()));
        boolean[] b = {false, false};
        Map<String, Consumer<JsonNode>> f = new LinkedHashMap<>();
        f.put("test", x -> s[0] = string(x));
        f.put("name", x -> s[1] = string(x));
        f.put("object", x -> s[2] = string(x));
        f.put("description", x -> s[3] = string(x));
        f.put("evr", x -> evr[0] = sub(x, "scribe.EVRTest", EvrTest.EMPTY, this::evr));
        f.put("regexp", x -> s[4] = sub(x, "scribe.Regex", "", n -> value(n, "Regex")));
        f.put("exactmatch", x -> s[5] = sub(x, "scribe.ExactMatch", "", n -> value(n, "ExactMatch")));
        f.put("tags", x -> tags.set(0, list(x, "scribe.TestTag", this::tag)));
        f.put("if", x -> ifs.set(0, list(x, "string", this::string)));
        f.put("expectedresult", x -> b[0] = bool(x));
        f.put("expecterror", x -> b[1] = bool(x));
        struct(v, "Test", f);
        return new ScribeTest(s[0], s[1], s[2], s[3], evr[0], s[4], s[5], tags.get(0), ifs.get(0), b[0], b[1]);
    }

    private EvrTest evr(JsonNode v) {
        String[] s = {"", ""};
        Map<String, Consumer<JsonNode>> f = new LinkedHashMap<>();
        f.put("operation", x -> s[0] = string(x));
        f.put("value", x -> s[1] = string(x));
        struct(v, "EVRTest", f);
        return new EvrTest(s[0], s[1]);
    }

    private String value(JsonNode v, String structName) {
        String[] s = {""};
        Map<String, Consumer<JsonNode>> f = new LinkedHashMap<>();
        f.put("value", x -> s[0] = string(x));
        struct(v, structName, f);
        return s[0];
    }

    private TestTag tag(JsonNode v) {
        String[] s = {"", ""};
        Map<String, Consumer<JsonNode>> f = new LinkedHashMap<>();
        f.put("key", x -> s[0] = string(x));
        f.put("value", x -> s[1] = string(x));
        struct(v, "TestTag", f);
        return new TestTag(s[0], s[1]);
    }

    /** Each key of {@code v} in order, to the field it names (exactly, else ignoring case). */
    private void struct(JsonNode v, String name, Map<String, Consumer<JsonNode>> fields) {
        String outer = struct;
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = fields.containsKey(e.getKey()) ? e.getKey()
                    : fields.keySet().stream().filter(k -> k.equalsIgnoreCase(e.getKey())).findFirst().orElse(null);
            if (key == null || e.getValue().isNull()) {
                continue;
            }
            path.addLast(key);
            struct = name;
            fields.get(key).accept(e.getValue());
            struct = outer;
            path.removeLast();
        }
    }

    private <T> T sub(JsonNode v, String goType, T zero, Function<JsonNode, T> read) {
        return isStruct(v, goType) ? read.apply(v) : zero;
    }

    private boolean isStruct(JsonNode v, String goType) {
        if (v.isNull()) {
            return false;
        }
        if (!v.isObject()) {
            throw mismatch(v, goType);
        }
        return true;
    }

    private <T> List<T> list(JsonNode v, String elementType, Function<JsonNode, T> read) {
        if (v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw mismatch(v, "[]" + elementType);
        }
        List<T> out = new ArrayList<>();
        for (JsonNode x : v) {
            if (x.isNull()) {
                out.add(read.apply(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()));
            } else if (elementType.equals("string") || x.isObject()) {
                out.add(read.apply(x));
            } else {
                throw mismatch(x, elementType);
            }
        }
        return out;
    }

    private String string(JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (yaml && v.isValueNode() && !v.isNull()) {
            return v.asText();
        }
        if (v.isNull()) {
            return "";
        }
        throw mismatch(v, "string");
    }

    private boolean bool(JsonNode v) {
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        throw mismatch(v, "bool");
    }

    private TypeError mismatch(JsonNode v, String goType) {
        if (yaml) {
            return new TypeError("yaml: unmarshal errors:\n  cannot unmarshal " + kind(v) + " into " + goType);
        }
        return new TypeError("json: cannot unmarshal " + kind(v) + " into Go struct field " + struct + "."
                + String.join(".", path) + " of type " + goType);
    }

    /** The value's kind as the decoder names it: Go's JSON kinds, or yaml.v2's tag and shortened value. */
    private String kind(JsonNode v) {
        if (yaml) {
            if (v.isArray()) {
                return "!!seq";
            }
            if (v.isObject()) {
                return "!!map";
            }
            String tag = v.isBoolean() ? "!!bool" : v.isIntegralNumber() ? "!!int" : v.isNumber() ? "!!float" : "!!str";
            String s = v.asText();
            return tag + " `" + (s.length() > 10 ? s.substring(0, 7) + "..." : s) + "`";
        }
        if (v.isTextual()) {
            return "string";
        }
        if (v.isBoolean()) {
            return "bool";
        }
        if (v.isNumber()) {
            return "number";
        }
        return v.isArray() ? "array" : "object";
    }
}
