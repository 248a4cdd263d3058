package io.gator.scheduler;

/**
 * Marker for messages, events and snapshots that cross nodes or reach the journal: bound to Pekko's
 * Jackson JSON serializer in reference.conf, so nothing is ever Java-serialized and the journal stays readable.
 */
public interface JsonSerializable {}
