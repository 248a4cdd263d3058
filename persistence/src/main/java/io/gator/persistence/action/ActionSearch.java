package io.gator.persistence.action;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * MIG's search filters for actions and commands ({@code /api/v1/search}): each present filter narrows
 * the result; {@code limit} caps it (MIG's default is 100).
 */
public record ActionSearch(Optional<Long> actionId, Optional<String> actionName, Optional<String> status,
                           Optional<Long> agentId, Optional<String> agentName, Optional<OffsetDateTime> after,
                           Optional<OffsetDateTime> before, int limit, int offset) {
    public static final int DEFAULT_LIMIT = 100;

    public ActionSearch {
        if (limit <= 0 || offset < 0) {
            throw new IllegalArgumentException("search limit must be > 0 and offset >= 0, got " + limit + "/" + offset);
        }
    }

    public static ActionSearch all() {
        return new ActionSearch(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_LIMIT, 0);
    }

    public ActionSearch withActionId(long id) {
        return new ActionSearch(Optional.of(id), actionName, status, agentId, agentName, after, before, limit, offset);
    }

    public ActionSearch withStatus(String s) {
        return new ActionSearch(actionId, actionName, Optional.of(s), agentId, agentName, after, before, limit, offset);
    }

    public ActionSearch withActionName(String pattern) {
        return new ActionSearch(actionId, Optional.of(pattern), status, agentId, agentName, after, before, limit, offset);
    }

    public ActionSearch withAgentName(String pattern) {
        return new ActionSearch(actionId, actionName, status, agentId, Optional.of(pattern), after, before, limit, offset);
    }

    public ActionSearch withLimit(int l) {
        return new ActionSearch(actionId, actionName, status, agentId, agentName, after, before, l, offset);
    }
}
