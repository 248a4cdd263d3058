package io.gator.core.target;

import java.util.Locale;
import java.util.Optional;

/**
 * The whitelisted plain columns a target may name: those of the {@code agents} table, and two more that only
 * loader targets ({@link TargetTable#LOADERS}) may name.
 */
public enum Column {
    ID("id", ValueType.NUMBER),
    NAME("name", ValueType.TEXT),
    QUEUELOC("queueloc", ValueType.TEXT),
    MODE("mode", ValueType.TEXT),
    VERSION("version", ValueType.TEXT),
    PID("pid", ValueType.NUMBER),
    STATUS("status", ValueType.TEXT),
    STARTTIME("starttime", ValueType.TIME),
    HEARTBEATTIME("heartbeattime", ValueType.TIME),
    DESTRUCTIONTIME("destructiontime", ValueType.TIME),
    /** {@code loaders.loadername}: the loader entry's own name (loader targets only). */
    LOADERNAME("loadername", ValueType.TEXT),
    /** {@code loaders.lastseen}: when the loader last asked for its manifest (loader targets only). */
    LASTSEEN("lastseen", ValueType.TIME);

    private final String sqlName;
    private final ValueType type;

    Column(String sqlName, ValueType type) {
        this.sqlName = sqlName;
        this.type = type;
    }

    /** The column name in SQL and in normalized targets. */
    public String sqlName() {
        return sqlName;
    }

    public ValueType type() {
        return type;
    }

    /**
     * The {@code agents} column a target word names, case-insensitively; {@code heartbeatts} is MIG's JSON name
     * for heartbeattime. Loader-only columns are not found here ({@link TargetTable#column}).
     */
    public static Optional<Column> byName(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.equals("heartbeatts")) {
            return Optional.of(HEARTBEATTIME);
        }
        for (Column c : values()) {
            if (c.sqlName.equals(w) && c != LOADERNAME && c != LASTSEEN) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
