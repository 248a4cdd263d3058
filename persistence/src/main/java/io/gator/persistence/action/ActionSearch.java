package io.gator.persistence.action;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * MIG's search filters for actions and commands ({@code /api/v1/search}): each present filter narrows
 * the result; {@code limit} caps it (MIG's default is 100).
 */
public record ActionSearch(Optional<Long> actionId, Optional<String> actionName, Optional<String> status,
                           Optional<Long> agentId, Optional<String> agentName, Optional<OffsetDateTime> after,
                           Optional<OffsetDateTime> before, int limit, int offset, Optional<String> threatFamily) {
    public static final int DEFAULT_LIMIT = 100;

    public ActionSearch {
        if (limit <= 0 || offset < 0) {
            throw new IllegalArgumentException("search limit must be > 0 and offset >= 0, got " + limit + "/" + offset);
        }
    }

    /** Without a threat family filter. */
    public ActionSearch(Optional<Long> actionId, Optional<String> actionName, Optional<String> status,
                        Optional<Long> agentId, Optional<String> agentName, Optional<OffsetDateTime> after,
                        Optional<OffsetDateTime> before, int limit, int offset) {
        this(actionId, actionName, status, agentId, agentName, after, before, limit, offset, Optional.empty());
    }

    /** Only actions whose {@code threat.family} matches {@code pattern} (SQL LIKE, case-insensitive, as MIG's ILIKE). */
    public ActionSearch withThreatFamily(String pattern) {
        return new ActionSearch(actionId, actionName, status, agentId, agentName, after, before, limit, offset,
                Optional.of(pattern));
    }

    /** The SQL expression of an action's threat family over the {@code action} JSON column. */
    static String threatFamilySql(io.gator.persistence.Dialect d) {
        return d == io.gator.persistence.Dialect.POSTGRES ? "action->'threat'->>'family'"
                : io.gator.core.target.H2JsonFunctions.SQL_NAME + "(" + io.gator.core.target.H2JsonFunctions.SQL_NAME
                + "(action, 'threat'), 'family')";
    }

    public static ActionSearch all() {
        return new ActionSearch(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_LIMIT, 0);
    }

    public ActionSearch withActionId(long id) {
        return new ActionSearch(Optional.of(id), actionName, status, agentId, agentName, after, before, limit, offset, threatFamily);
    }

    public ActionSearch withStatus(String s) {
        return new ActionSearch(actionId, actionName, Optional.of(s), agentId, agentName, after, before, limit, offset, threatFamily);
    }

    public ActionSearch withActionName(String pattern) {
        return new ActionSearch(actionId, Optional.of(pattern), status, agentId, agentName, after, before, limit, offset, threatFamily);
    }

    public ActionSearch withAgentName(String pattern) {
        return new ActionSearch(actionId, actionName, status, agentId, Optional.of(pattern), after, before, limit, offset, threatFamily);
    }

    public ActionSearch withLimit(int l) {
        return new ActionSearch(actionId, actionName, status, agentId, agentName, after, before, l, offset, threatFamily);
    }
}
