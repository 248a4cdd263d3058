package io.gator.core.module.persist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** A persistent module query's parameters, kept as sent (the module ignores them, as MIG's). */
public record PersistentQuery(JsonNode raw) {
    public PersistentQuery {
        raw = raw == null || raw.isMissingNode() ? JsonNodeFactory.instance.objectNode() : raw;
    }
}
