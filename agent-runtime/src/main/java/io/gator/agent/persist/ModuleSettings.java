package io.gator.agent.persist;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A persistent module's configuration as sections of keys, each with the values given in order: MIG's INI
 * ({@code [paths]} / {@code path = /etc} repeated) or the same from HOCON. Section and key names are matched
 * without regard to case, as MIG's configuration reader does.
 */
public final class ModuleSettings {
    private final Map<String, Map<String, List<String>>> sections;

    private ModuleSettings(Map<String, Map<String, List<String>>> sections) {
        this.sections = sections;
    }

    /** Settings from sections of keys to values; names are lower-cased. */
    public static ModuleSettings of(Map<String, Map<String, List<String>>> sections) {
        Map<String, Map<String, List<String>>> m = new LinkedHashMap<>();
        sections.forEach((section, keys) -> {
            Map<String, List<String>> k = m.computeIfAbsent(section.toLowerCase(Locale.ROOT),
                    s -> new LinkedHashMap<>());
            keys.forEach((key, values) -> k.merge(key.toLowerCase(Locale.ROOT), List.copyOf(values),
                    (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
        });
        m.replaceAll((s, k) -> Map.copyOf(k));
        return new ModuleSettings(Map.copyOf(m));
    }

    /** No configuration (MIG's zero values). */
    public static ModuleSettings empty() {
        return new ModuleSettings(Map.of());
    }

    /** Every value of a key, in order; empty when absent. */
    public List<String> values(String section, String key) {
        return sections.getOrDefault(section.toLowerCase(Locale.ROOT), Map.of())
                .getOrDefault(key.toLowerCase(Locale.ROOT), List.of());
    }

    /** The last value of a key (a later line overrides an earlier one). */
    public Optional<String> value(String section, String key) {
        List<String> v = values(section, key);
        return v.isEmpty() ? Optional.empty() : Optional.of(v.get(v.size() - 1));
    }

    /** A whole-number setting; a value that is not one is a {@link PersistentConfigException}. */
    public Optional<Long> number(String section, String key) {
        return value(section, key).map(v -> {
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new PersistentConfigException(section + "." + key + ": '" + v + "' is not a whole number");
            }
        });
    }

    /** A boolean setting as MIG's INI reader takes it (true/false, yes/no, on/off, 1/0; a bare key is true). */
    public Optional<Boolean> bool(String section, String key) {
        return value(section, key).map(v -> switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "", "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new PersistentConfigException(section + "." + key + ": '" + v + "' is not a boolean");
        });
    }

    public boolean isEmpty() {
        return sections.isEmpty();
    }

    @Override
    public String toString() {
        return "ModuleSettings" + sections;
    }
}
