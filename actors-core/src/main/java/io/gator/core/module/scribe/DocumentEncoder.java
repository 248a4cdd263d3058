package io.gator.core.module.scribe;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A document as Go's encoder writes scribe's structs: every object with its five sources and every test with
 * {@code name}, {@code evr}, {@code regexp} and {@code exactmatch} (struct fields are never omitted), the other
 * fields only when set.
 */
final class DocumentEncoder {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private DocumentEncoder() {}

    static ObjectNode document(ScribeDocument d) {
        ObjectNode o = F.objectNode();
        if (!d.variables().isEmpty()) {
            ArrayNode a = o.putArray("variables");
            d.variables().forEach(v -> a.addObject().put("key", v.key()).put("value", v.value()));
        }
        if (!d.objects().isEmpty()) {
            ArrayNode a = o.putArray("objects");
            d.objects().forEach(x -> a.add(object(x)));
        }
        if (!d.tests().isEmpty()) {
            ArrayNode a = o.putArray("tests");
            d.tests().forEach(t -> a.add(test(t)));
        }
        return o;
    }

    private static ObjectNode object(ScribeObject x) {
        ObjectNode o = F.objectNode();
        o.put("object", x.object());
        FileContentSource fc = x.fileContent();
        ObjectNode c = o.putObject("filecontent");
        opt(c, "path", fc.path());
        opt(c, "file", fc.file());
        opt(c, "expression", fc.expression());
        opt(c, "concat", fc.concat());
        strings(c, "import-chain", fc.importChain());
        ObjectNode n = o.putObject("filename");
        opt(n, "path", x.fileName().path());
        opt(n, "file", x.fileName().file());
        ObjectNode p = o.putObject("package");
        opt(p, "name", x.pkg().name());
        opt(p, "collectmatch", x.pkg().collectMatch());
        if (x.pkg().onlyNewest()) {
            p.put("onlynewest", true);
        }
        ObjectNode r = o.putObject("raw");
        if (!x.raw().identifiers().isEmpty()) {
            ArrayNode a = r.putArray("identifiers");
            for (RawIdentifier i : x.raw().identifiers()) {
                ObjectNode e = a.addObject();
                opt(e, "identifier", i.identifier());
                opt(e, "value", i.value());
            }
        }
        ObjectNode h = o.putObject("hasline");
        opt(h, "path", x.hasLine().path());
        opt(h, "file", x.hasLine().file());
        opt(h, "expression", x.hasLine().expression());
        return o;
    }

    private static ObjectNode test(ScribeTest t) {
        ObjectNode o = F.objectNode();
        o.put("test", t.test());
        o.put("name", t.name());
        o.put("object", t.object());
        opt(o, "description", t.description());
        ObjectNode evr = o.putObject("evr");
        opt(evr, "operation", t.evr().operation());
        opt(evr, "value", t.evr().value());
        opt(o.putObject("regexp"), "value", t.regexp());
        opt(o.putObject("exactmatch"), "value", t.exactMatch());
        if (!t.tags().isEmpty()) {
            o.set("tags", tags(t.tags()));
        }
        strings(o, "if", t.ifs());
        if (t.expectedResult()) {
            o.put("expectedresult", true);
        }
        if (t.expectError()) {
            o.put("expecterror", true);
        }
        return o;
    }

    static ArrayNode tags(List<TestTag> tags) {
        ArrayNode a = F.arrayNode();
        for (TestTag tag : tags) {
            ObjectNode e = a.addObject();
            opt(e, "key", tag.key());
            opt(e, "value", tag.value());
        }
        return a;
    }

    private static void opt(ObjectNode o, String key, String value) {
        if (!value.isEmpty()) {
            o.put(key, value);
        }
    }

    private static void strings(ObjectNode o, String key, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode a = o.putArray(key);
            values.forEach(a::add);
        }
    }

    /** Go's encoder also escapes these three in strings. */
    static String goEscaped(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }

}
