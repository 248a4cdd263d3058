package io.gator.api.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.time.OffsetDateTime;
import java.util.Objects;

/** One event of an action's journal, as the API shows it. */
public record JournalEvent(long sequenceNr, OffsetDateTime timestamp, String type, JsonNode event) {
    public JournalEvent {
        Objects.requireNonNull(timestamp, "timestamp");
        type = type == null ? "" : type;
        event = event == null ? NullNode.getInstance() : event;
    }
}
