package io.gator.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.testing.JsonTrees;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares two Collection+JSON answers by structure: the collection's keys, the error object's
 * keys and types, and for every item kind (its data names, with IDs in names such as
 * {@code action ID 123} generalised) the item's shape (keys at every level and JSON types, via
 * {@link JsonTrees#shapeDifferences}). Values, hrefs and array lengths may differ.
 */
public final class EnvelopeShape {
    private EnvelopeShape() {}

    public static List<String> differences(JsonNode mig, JsonNode gator) {
        List<String> out = new ArrayList<>();
        JsonNode m = mig.path("collection");
        JsonNode g = gator.path("collection");
        if (!keys(mig).equals(keys(gator))) {
            out.add("$: keys " + keys(mig) + " != " + keys(gator));
        }
        if (!keys(m).equals(keys(g))) {
            out.add("$.collection: keys " + keys(m) + " != " + keys(g));
        }
        out.addAll(prefix("$.collection.error", JsonTrees.shapeDifferences(m.path("error"), g.path("error"))));
        out.addAll(prefix("$.collection.template", JsonTrees.shapeDifferences(m.path("template"), g.path("template"))));
        out.addAll(items(m.path("items"), g.path("items")));
        return out;
    }

    /** Item kinds and the shape of each kind, ignoring the error object (for answers where MIG failed). */
    public static List<String> items(JsonNode migItems, JsonNode gatorItems) {
        List<String> out = new ArrayList<>();
        Set<String> migKinds = kinds(migItems);
        Set<String> gatorKinds = kinds(gatorItems);
        if (!migKinds.equals(gatorKinds)) {
            out.add("$.collection.items: kinds " + migKinds + " != " + gatorKinds);
        }
        for (JsonNode gi : gatorItems) {
            String kind = kind(gi);
            JsonNode match = null;
            for (JsonNode mi : migItems) {
                if (kind(mi).equals(kind) && (match == null || mi.path("href").equals(gi.path("href")))) {
                    // the MIG item for the same object when there is one (same seeded ID), else the first of its kind
                    if (match == null || !match.path("href").equals(gi.path("href"))) {
                        match = mi;
                    }
                }
            }
            if (match != null) {
                List<String> d = JsonTrees.shapeDifferences(generalise(match), generalise(gi));
                out.addAll(prefix("$.collection.items[" + kind + "]", d));
            }
        }
        return out;
    }

    private static JsonNode generalise(JsonNode item) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = item.deepCopy();
        for (JsonNode d : copy.path("data")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) d).put("name", generaliseName(d.path("name").asText()));
        }
        return copy;
    }

    private static String generaliseName(String name) {
        return name.replaceAll("\\d+", "#");
    }

    private static Set<String> kinds(JsonNode items) {
        Set<String> s = new TreeSet<>();
        items.forEach(i -> s.add(kind(i)));
        return s;
    }

    private static String kind(JsonNode item) {
        List<String> names = new ArrayList<>();
        item.path("data").forEach(d -> names.add(generaliseName(d.path("name").asText())));
        return String.join("|", names);
    }

    private static Set<String> keys(JsonNode n) {
        Set<String> s = new LinkedHashSet<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            s.add(it.next());
        }
        return new TreeSet<>(s);
    }

    private static List<String> prefix(String p, List<String> diffs) {
        return diffs.stream().map(d -> d.startsWith("$") ? p + d.substring(1) : p + ": " + d).toList();
    }
}
