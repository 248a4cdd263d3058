package io.gator.api.backend;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * MIG's search parameters. Name filters are ILIKE patterns ({@code %} any run, {@code _} one
 * character; {@code *} is read as {@code %} as MIG's console does); {@code "%"} means no filter.
 * {@code target}, when present, applies to agents only and replaces every other filter, as in MIG.
 */
public record SearchQuery(
        SearchType type,
        OptionalLong actionId,
        OptionalLong commandId,
        OptionalLong agentId,
        OptionalLong investigatorId,
        String actionName,
        String agentName,
        String agentVersion,
        String investigatorName,
        String status,
        String threatFamily,
        OffsetDateTime after,
        OffsetDateTime before,
        Optional<Boolean> foundAnything,
        long limit,
        long offset,
        Optional<String> target) {

    /** MIG's default window around now: 39,600 hours each way. */
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(39600);
    public static final long DEFAULT_LIMIT = 100;

    public SearchQuery {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(before, "before");
        actionId = actionId == null ? OptionalLong.empty() : actionId;
        commandId = commandId == null ? OptionalLong.empty() : commandId;
        agentId = agentId == null ? OptionalLong.empty() : agentId;
        investigatorId = investigatorId == null ? OptionalLong.empty() : investigatorId;
        actionName = actionName == null ? "%" : actionName;
        agentName = agentName == null ? "%" : agentName;
        agentVersion = agentVersion == null ? "%" : agentVersion;
        investigatorName = investigatorName == null ? "%" : investigatorName;
        status = status == null ? "%" : status;
        threatFamily = threatFamily == null ? "%" : threatFamily;
        foundAnything = foundAnything == null ? Optional.empty() : foundAnything;
        target = target == null ? Optional.empty() : target;
        if (limit < 0 || offset < 0) {
            throw new IllegalArgumentException("limit and offset must not be negative");
        }
    }

    /** All defaults for a type at {@code now}. */
    public static SearchQuery defaults(SearchType type, OffsetDateTime now) {
        return new SearchQuery(type, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), "%", "%", "%", "%", "%", "%", now.minus(DEFAULT_WINDOW),
                now.plus(DEFAULT_WINDOW), Optional.empty(), DEFAULT_LIMIT, 0, Optional.empty());
    }
}
