package io.gator.core.module.file;

import java.util.LinkedHashMap;
import java.util.Map;

/** The file module's parameters: searches by label. */
public record FileParameters(Map<String, FileSearch> searches) {
    public FileParameters {
        searches = searches == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(searches));
    }
}
