package io.gator.persistence.standing;

import java.time.OffsetDateTime;
import java.util.List;

/** One row of {@code standing_orders} with its rows of {@code standing_order_runs}, by run index. */
public record StandingOrderRow(long id, String name, String status, long postedById, String postedBy,
                               OffsetDateTime createdAt, List<Run> runs) {
    public record Run(int index, long actionId, OffsetDateTime validFrom, OffsetDateTime expireAfter, String status) {}

    public StandingOrderRow {
        runs = List.copyOf(runs);
    }
}
