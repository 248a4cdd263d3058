package io.gator.core.target;

import java.util.Set;
import java.util.regex.Pattern;

/** The JSON columns of {@code agents} a target may look into with {@code ->>}. */
public enum JsonDoc {
    ENVIRONMENT("environment"),
    TAGS("tags");

    /** Keys of MIG's AgentEnv a target may read; anything else is refused rather than silently NULL. */
    public static final Set<String> ENVIRONMENT_KEYS =
            Set.of("init", "ident", "os", "arch", "isproxied", "proxy", "publicip", "addresses", "modules");
    private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9_.-]+");

    private final String sqlName;

    JsonDoc(String sqlName) {
        this.sqlName = sqlName;
    }

    public String sqlName() {
        return sqlName;
    }

    /** Whether {@code key} may be read from this column. */
    public boolean acceptsKey(String key) {
        return this == ENVIRONMENT ? ENVIRONMENT_KEYS.contains(key) : TAG_KEY.matcher(key).matches();
    }
}
