package io.gator.api.loader;

import java.time.OffsetDateTime;
import java.util.OptionalLong;

/** MIG's {@code search?type=manifest}: timestamp between after and before, name and status patterns, ID. */
public record ManifestSearch(OffsetDateTime after, OffsetDateTime before, String name, String status,
                             OptionalLong id, long limit, long offset) {}
