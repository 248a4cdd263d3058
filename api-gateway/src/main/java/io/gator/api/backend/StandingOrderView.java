package io.gator.api.backend;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A standing order as the API shows it: the series' name, status (active, completed, cancelled), who posted it,
 * and each run with its action ID, window and status (waiting, launched, missed).
 */
public record StandingOrderView(long id, String name, String status, long postedById, String postedBy,
                                OffsetDateTime createdAt, List<RunView> runs) {
    public record RunView(int index, long actionId, OffsetDateTime validFrom, OffsetDateTime expireAfter,
                          String status) {}

    public StandingOrderView {
        runs = List.copyOf(runs);
    }
}
