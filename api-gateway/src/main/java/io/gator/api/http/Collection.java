package io.gator.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.core.json.MigJson;

import java.util.ArrayList;
import java.util.List;

/**
 * MIG's Collection+JSON envelope ({@code github.com/jvehent/cljs}): version, href, items (omitted
 * when empty; each item's links omitted when empty), {@code template:{}} and {@code error:{}}
 * always present. Values are written with {@link MigJson#mapper()} so times and IDs are MIG's.
 */
public final class Collection {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final String href;
    private final List<ObjectNode> items = new ArrayList<>();
    private ObjectNode error = F.objectNode();

    public Collection(String href) {
        this.href = href;
    }

    /** A named value inside an item. */
    public record Data(String name, Object value) {}

    /** A link inside an item. */
    public record Link(String rel, String href) {}

    public Collection item(String itemHref, List<Data> data, List<Link> links) {
        ObjectNode item = F.objectNode();
        item.put("href", itemHref);
        ArrayNode d = item.putArray("data");
        for (Data x : data) {
            ObjectNode o = d.addObject();
            o.put("name", x.name());
            o.set("value", toNode(x.value()));
        }
        if (!links.isEmpty()) {
            ArrayNode l = item.putArray("links");
            links.forEach(k -> l.addObject().put("rel", k.rel()).put("href", k.href()));
        }
        items.add(item);
        return this;
    }

    public Collection item(String itemHref, String name, Object value) {
        return item(itemHref, List.of(new Data(name, value)), List.of());
    }

    public Collection error(String code, String message) {
        error = F.objectNode().put("code", code).put("message", message);
        return this;
    }

    public boolean hasItems() {
        return !items.isEmpty();
    }

    public ObjectNode toJson() {
        ObjectNode c = F.objectNode();
        c.put("version", "1.0");
        c.put("href", href);
        if (!items.isEmpty()) {
            c.putArray("items").addAll(items);
        }
        c.set("template", F.objectNode());
        c.set("error", error);
        ObjectNode root = F.objectNode();
        root.set("collection", c);
        return root;
    }

    private static JsonNode toNode(Object v) {
        return v instanceof JsonNode n ? n : MigJson.mapper().valueToTree(v);
    }
}
