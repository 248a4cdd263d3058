package io.gator.agent.persist.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a libaudit-go JSON rules file. MIG's libaudit-go takes {@code {"audit_rules":[...]}}, where an entry with
 * a {@code path} key is a file watch and any other a syscall rule; earlier libaudit-go releases used separate
 * {@code file_rules} and {@code syscall_rules} lists, which are read too (file rules first).
 */
public final class AuditRulesFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditRulesFile() {
    }

    public static List<AuditRuleSpec> parse(String content) throws AuditException {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonEOFException e) {
            throw new AuditException("unexpected end of JSON input"); // Go's text
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage().split("\n| at \\[Source| \\(start marker")[0];
            throw new AuditException("invalid JSON: " + why);
        }
        if (root == null || !root.isObject()) {
            throw new AuditException("rules file is not a JSON object");
        }
        List<AuditRuleSpec> rules = new ArrayList<>();
        if (root.has("audit_rules")) {
            for (JsonNode r : list(root, "audit_rules")) {
                rules.add(r.has("path") ? fileRule(r) : syscallRule(r));
            }
        } else if (root.has("file_rules") || root.has("syscall_rules")) {
            for (JsonNode r : list(root, "file_rules")) {
                rules.add(fileRule(r));
            }
            for (JsonNode r : list(root, "syscall_rules")) {
                rules.add(syscallRule(r));
            }
        } else {
            throw new AuditException("rules file has no audit_rules (nor file_rules or syscall_rules)");
        }
        return rules;
    }

    private static List<JsonNode> list(JsonNode root, String name) throws AuditException {
        JsonNode n = root.path(name);
        if (n.isMissingNode() || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new AuditException(name + " is not a list");
        }
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isObject()) {
                throw new AuditException("an entry of " + name + " is not an object: " + e);
            }
            out.add(e);
        }
        return out;
    }

    private static AuditRuleSpec.FileRule fileRule(JsonNode r) throws AuditException {
        return new AuditRuleSpec.FileRule(text(r, "path"), text(r, "key"), text(r, "permission"),
                r.path("strict_path_check").asBoolean(false));
    }

    private static AuditRuleSpec.SyscallRule syscallRule(JsonNode r) throws AuditException {
        List<AuditRuleSpec.Field> fields = new ArrayList<>();
        for (JsonNode f : r.path("fields")) {
            fields.add(new AuditRuleSpec.Field(text(f, "name"),
                    f.has("value") ? f.get("value") : NullNode.getInstance(), text(f, "op")));
        }
        return new AuditRuleSpec.SyscallRule(text(r, "key"), fields, strings(r, "syscalls"), strings(r, "actions"));
    }

    private static String text(JsonNode n, String key) throws AuditException {
        JsonNode v = n.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new AuditException("json: cannot unmarshal " + goType(v) + " into Go value of type string");
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode n, String key) throws AuditException {
        List<String> out = new ArrayList<>();
        JsonNode v = n.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw new AuditException("json: cannot unmarshal " + goType(v) + " into Go value of type []string");
        }
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new AuditException("json: cannot unmarshal " + goType(e) + " into Go value of type string");
            }
            out.add(e.asText());
        }
        return out;
    }

    private static String goType(JsonNode v) {
        if (v.isNumber()) {
            return "number";
        }
        if (v.isBoolean()) {
            return "bool";
        }
        if (v.isArray()) {
            return "array";
        }
        return v.isObject() ? "object" : "string";
    }
}
