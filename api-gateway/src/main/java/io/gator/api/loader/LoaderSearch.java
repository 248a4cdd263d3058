package io.gator.api.loader;

import java.time.OffsetDateTime;
import java.util.OptionalLong;

/** MIG's {@code search?type=loader}: lastseen between after and before, loader and agent name patterns, ID. */
public record LoaderSearch(OffsetDateTime after, OffsetDateTime before, String name, String agentName,
                           OptionalLong id, long limit, long offset) {}
