package io.gator.scheduler.projection;

import io.gator.core.command.CommandStatus;
import io.gator.core.action.Action;
import io.gator.core.json.MigJson;
import io.gator.persistence.Database;
import io.gator.persistence.action.ReadModelWriter;
import io.gator.persistence.projection.DataSourceJdbcSession;
import io.gator.scheduler.SchedulerSettings;
import io.gator.scheduler.action.ActionEntity;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.GroupedProjection;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;

/**
 * Writes the {@code actions} and {@code commands} read tables from the action events (tag
 * {@code gator.scheduler.action.event-tag}), exactly once: each group of events and the projection offset
 * commit in one transaction. Groups of events become JDBC batches, so 10,000 commands are a few statements.
 */
public final class ActionProjection {
    public static final String NAME = "gator-actions";

    private ActionProjection() {}

    /** The projection itself (for tests and for running it somewhere else than a sharded daemon). */
    public static GroupedProjection<Offset, EventEnvelope<ActionEntity.Event>> create(ActorSystem<?> system,
                                                                                     Database db,
                                                                                     SchedulerSettings settings) {
        SourceProvider<Offset, EventEnvelope<ActionEntity.Event>> source =
                EventSourcedProvider.eventsByTag(system, JdbcReadJournal.Identifier(), settings.eventTag());
        ReadModelWriter writer = new ReadModelWriter(db.dialect());
        return JdbcProjection.groupedWithin(ProjectionId.of(NAME, settings.eventTag()), source,
                        () -> new DataSourceJdbcSession(db.dataSource()), () -> new Handler(writer), system)
                .withGroup(200, Duration.ofMillis(100));
    }

    /** Runs the projection once in the cluster (one instance, wherever the daemon process puts it). */
    public static void init(ActorSystem<?> system, Database db, SchedulerSettings settings) {
        ShardedDaemonProcess.get(system).init(ProjectionBehavior.Command.class, NAME, 1,
                i -> ProjectionBehavior.create(create(system, db, settings)), ProjectionBehavior.stopMessage());
    }

    static final class Handler extends JdbcHandler<List<EventEnvelope<ActionEntity.Event>>, DataSourceJdbcSession> {
        private final ReadModelWriter w;

        Handler(ReadModelWriter w) {
            this.w = w;
        }

        @Override
        public void process(DataSourceJdbcSession session, List<EventEnvelope<ActionEntity.Event>> envelopes)
                throws Exception {
            session.withConnection(c -> {
                Set<Long> touched = new LinkedHashSet<>();
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                for (EventEnvelope<ActionEntity.Event> env : envelopes) {
                    long id = actionId(env.persistenceId());
                    apply(c, id, env.event());
                    touched.add(id);
                }
                for (long id : touched) {
                    w.recomputeCounters(c, id, now);
                }
                return null;
            });
        }

        private void apply(Connection c, long id, ActionEntity.Event event) throws Exception {
            if (event instanceof ActionEntity.ActionCreated e) {
                Action a = MigJson.read(e.actionJson(), Action.class);
                w.insertAction(c, id, a.name(), a.target(), ActionEntity.SCHEDULED, e.actionJson(), t(e.validFrom()),
                        t(e.expireAfter()), t(e.at()));
            } else if (event instanceof ActionEntity.TargetsResolved e) {
                List<ReadModelWriter.NewCommand> rows = new ArrayList<>(e.targets().size());
                for (ActionEntity.Target tg : e.targets()) {
                    rows.add(new ReadModelWriter.NewCommand(tg.commandId(), id, tg.agent().agentId(), tg.agent().name(),
                            tg.agent().queueLoc()));
                }
                w.insertCommands(c, rows);
                w.setStatus(c, id, ActionEntity.PREPARING, t(e.at()), null, t(e.at()));
            } else if (event instanceof ActionEntity.CommandsSent e) {
                w.markSent(c, e.commandIds(), t(e.at()));
            } else if (event instanceof ActionEntity.CommandsFinished e) {
                List<ReadModelWriter.Finished> rows = new ArrayList<>(e.finished().size());
                for (ActionEntity.Finished f : e.finished()) {
                    rows.add(new ReadModelWriter.Finished(f.commandId(), f.status(), f.resultsJson()));
                }
                w.markFinished(c, rows, t(e.at()));
            } else if (event instanceof ActionEntity.ActionCancelled e) {
                w.finishRemaining(c, id, CommandStatus.CANCELLED, t(e.at()));
                w.setStatus(c, id, ActionEntity.CANCELLED, null, t(e.at()), t(e.at()));
            } else if (event instanceof ActionEntity.ActionExpired e) {
                w.finishRemaining(c, id, CommandStatus.EXPIRED, t(e.at()));
                w.setStatus(c, id, ActionEntity.EXPIRED, null, t(e.at()), t(e.at()));
            } else if (event instanceof ActionEntity.ActionCompleted e) {
                w.setStatus(c, id, ActionEntity.COMPLETED, null, t(e.at()), t(e.at()));
            } else if (event instanceof ActionEntity.ActionInvalid e) {
                w.setStatus(c, id, ActionEntity.INVALID, null, t(e.at()), t(e.at()));
            }
        }

        private static long actionId(String persistenceId) {
            return Long.parseLong(persistenceId.substring(persistenceId.indexOf('|') + 1));
        }

        private static OffsetDateTime t(Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
    }
}
