package io.gator.core.acl;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.json.MigJson;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The agent ACL (MIG's {@code /etc/mig/acl.cfg}): a JSON map from module name (or {@code default})
 * to an {@link AclEntry}. Module and investigator names are map keys and match exactly; the field
 * names ({@code minimumweight}, {@code investigators}, {@code fingerprint}, {@code weight}) match
 * case-insensitively, as Go's JSON decoding into structs does.
 */
public record Acl(Map<String, AclEntry> entries) {
    /** The entry used for modules without their own. */
    public static final String DEFAULT = "default";

    /** MIG's built-in ACL: a default entry needing weight 1 that lists nobody, i.e. deny all. */
    public static final Acl DENY_ALL = new Acl(Map.of(DEFAULT, new AclEntry(1, Map.of())));

    public Acl {
        entries = entries == null ? Map.of() : Map.copyOf(entries);
    }

    /** The entry for a module, else the {@code default} entry. */
    public Optional<AclEntry> entryFor(String module) {
        AclEntry e = entries.get(module);
        return Optional.ofNullable(e != null ? e : entries.get(DEFAULT));
    }

    /**
     * Parses an ACL document.
     *
     * @throws IllegalArgumentException naming the path of the first malformed value
     */
    public static Acl parse(String json) {
        JsonNode root;
        try {
            root = MigJson.tree(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("ACL is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("ACL must be a JSON object mapping module names to entries");
        }
        Map<String, AclEntry> entries = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            entries.put(f.getKey(), entry(f.getKey(), f.getValue()));
        }
        return new Acl(entries);
    }

    private static AclEntry entry(String module, JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("ACL entry '" + module + "' must be an object");
        }
        int min = integer(field(node, "minimumweight"), module + ".minimumweight");
        Map<String, AclInvestigator> invs = new LinkedHashMap<>();
        JsonNode list = field(node, "investigators");
        if (list != null && !list.isNull()) {
            if (!list.isObject()) {
                throw new IllegalArgumentException("ACL entry '" + module + "': investigators must be an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = list.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                String where = module + ".investigators." + f.getKey();
                JsonNode inv = f.getValue();
                if (!inv.isObject()) {
                    throw new IllegalArgumentException("ACL " + where + " must be an object");
                }
                JsonNode fp = field(inv, "fingerprint");
                if (fp != null && !fp.isNull() && !fp.isTextual()) {
                    throw new IllegalArgumentException("ACL " + where + ".fingerprint must be a string");
                }
                invs.put(f.getKey(), new AclInvestigator(fp == null || fp.isNull() ? "" : fp.asText(),
                        integer(field(inv, "weight"), where + ".weight")));
            }
        }
        return new AclEntry(min, invs);
    }

    /** Go's struct decoding: an exact key match wins, else the first case-insensitive match. */
    private static JsonNode field(JsonNode obj, String name) {
        JsonNode exact = obj.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<String> it = obj.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (k.toLowerCase(Locale.ROOT).equals(name)) {
                return obj.get(k);
            }
        }
        return null;
    }

    private static int integer(JsonNode n, String where) {
        if (n == null || n.isNull()) {
            return 0; // Go zero value
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new IllegalArgumentException("ACL " + where + " must be an integer, got " + n);
        }
        return n.intValue();
    }
}
