package io.gator.core.module.memory;

import java.util.LinkedHashMap;
import java.util.Map;

/** The memory module's parameters: searches by label. */
public record MemoryParameters(Map<String, MemorySearch> searches) {
    public MemoryParameters {
        searches = searches == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(searches));
    }
}
