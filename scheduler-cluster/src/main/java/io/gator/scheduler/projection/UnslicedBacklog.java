package io.gator.scheduler.projection;

import io.gator.persistence.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Whether every event written before events were sliced (one tag for all) has been projected. An action that
 * ran across that upgrade has its first events under the old tag and its later ones in a slice; they must be
 * applied in order, so the slice projections start only once the old tag's projection has caught up. No event
 * gets the old tag any more, so once true this stays true: it is checked once per node start.
 */
final class UnslicedBacklog {
    static final Duration RECHECK = Duration.ofSeconds(1);

    private final ActorSystem<?> system;
    private final Database db;
    private final ProjectionId unsliced;
    private final JdbcReadJournal journal;
    private final java.util.concurrent.atomic.AtomicBoolean told = new java.util.concurrent.atomic.AtomicBoolean();
    private CompletionStage<Done> drained;

    UnslicedBacklog(ActorSystem<?> system, Database db, ProjectionId unsliced) {
        this.system = system;
        this.db = db;
        this.unsliced = unsliced;
        this.journal = PersistenceQuery.get(system).getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
    }

    /** Completes once the old tag's projection has applied every event of that tag (rechecked until then). */
    synchronized CompletionStage<Done> drained() {
        if (drained == null) {
            drained = Patterns.retry(() -> isDrained().thenApply(done -> {
                        if (!done && !told.getAndSet(true)) {
                            system.log().info("events tagged '{}' before slicing are not all projected yet: the slice"
                                    + " projections wait for projection {}", unsliced.key(), unsliced.id());
                        }
                        return done;
                    }), (done, failure) -> failure != null || !done, Integer.MAX_VALUE, RECHECK, system)
                    .thenApply(done -> Done.getInstance());
        }
        return drained;
    }

    /** One check: no event of the old tag lies after that projection's stored offset. */
    CompletionStage<Boolean> isDrained() {
        Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
        return CompletableFuture.supplyAsync(this::storedOffset, blocking)
                .thenCompose(offset -> journal.currentEventsByTag(unsliced.key(), offset).take(1)
                        .runWith(Sink.seq(), system))
                .thenApply(java.util.List::isEmpty);
    }

    private Offset storedOffset() {
        // quoted: pekko-projection-jdbc's H2 dialect creates these names in lower case
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT \"current_offset\" FROM \"pekko_projection_offset_store\""
                        + " WHERE \"projection_name\" = ? AND \"projection_key\" = ?")) {
            ps.setString(1, unsliced.name());
            ps.setString(2, unsliced.key());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Offset.sequence(Long.parseLong(rs.getString(1))) : Offset.noOffset();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read the offset of projection " + unsliced.id(), e);
        }
    }
}
