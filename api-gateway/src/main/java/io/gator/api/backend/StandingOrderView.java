package io.gator.api.backend;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A standing order as the API shows it (lower-case names, as MIG's JSON): the series' name, status (active,
 * completed, cancelled), who posted it, and each run with its action ID, window and status (waiting, launched,
 * missed).
 */
public record StandingOrderView(long id, String name, String status, @JsonProperty("postedbyid") long postedById,
                                @JsonProperty("postedby") String postedBy,
                                @JsonProperty("createdat") OffsetDateTime createdAt, List<RunView> runs) {
    public record RunView(int index, @JsonProperty("actionid") long actionId,
                          @JsonProperty("validfrom") OffsetDateTime validFrom,
                          @JsonProperty("expireafter") OffsetDateTime expireAfter, String status) {}

    public StandingOrderView {
        runs = List.copyOf(runs);
    }
}
