package io.gator.persistence.journal;

import java.time.Instant;

/** One journal event as operators read it: sequence number, write time, event type and the event as JSON. */
public record JournalRecord(long sequenceNr, Instant timestamp, String eventType, String eventJson) {}
