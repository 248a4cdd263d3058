package io.gator.persistence.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * An action's history as stored in the journal ({@code mig events <id>}), read with persistence query's
 * {@code currentEventsByPersistenceId}: every event in order, whatever node wrote it.
 */
public final class ActionJournal {
    /** Persistence id prefix of action entities (the sharding entity type key name). */
    public static final String ENTITY_TYPE = "Action";

    private final JdbcReadJournal readJournal;
    private final ActorSystem<?> system;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public ActionJournal(ActorSystem<?> system) {
        this.system = system;
        this.readJournal = PersistenceQuery.get(system)
                .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
    }

    /** The persistence id of an action entity, as Cluster Sharding names it. */
    public static String persistenceId(long actionId) {
        return PersistenceId.of(ENTITY_TYPE, Long.toString(actionId)).id();
    }

    /** Every event of an action so far, in order; an unknown action gives an empty list. */
    public CompletionStage<List<JournalRecord>> events(long actionId) {
        return source(actionId).runWith(Sink.seq(), system);
    }

    /** The same as a stream (for large histories). */
    public Source<JournalRecord, ?> source(long actionId) {
        return readJournal.currentEventsByPersistenceId(persistenceId(actionId), 0L, Long.MAX_VALUE)
                .map(this::record);
    }

    private JournalRecord record(EventEnvelope env) {
        Object event = env.event();
        String body;
        try {
            body = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            body = "{\"unprintable\":\"" + e.getOriginalMessage().replace("\"", "'") + "\"}";
        }
        return new JournalRecord(env.sequenceNr(), Instant.ofEpochMilli(env.timestamp()),
                event.getClass().getSimpleName(), body);
    }
}
