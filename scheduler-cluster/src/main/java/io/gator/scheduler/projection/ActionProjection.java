package io.gator.scheduler.projection;

import io.gator.core.command.CommandStatus;
import io.gator.core.action.Action;
import io.gator.core.json.MigJson;
import io.gator.persistence.Database;
import io.gator.persistence.action.ReadModelWriter;
import io.gator.persistence.projection.DataSourceJdbcSession;
import io.gator.scheduler.SchedulerSettings;
import io.gator.scheduler.action.ActionEntity;
import io.gator.scheduler.action.ActionTags;
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
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.GroupedProjection;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;

/**
 * Writes the {@code actions} and {@code commands} read tables from the action events, exactly once: each group
 * of events and the projection offset commit in one transaction. Groups of events become JDBC batches, so
 * 10,000 commands are a few statements. One projection per slice of the events ({@link ActionTags}), each a
 * sharded daemon instance, so the work spreads over the scheduler nodes; all events of one action are in one
 * slice, so they are applied in order. One more instance projects the events written before slicing (one tag
 * for all), and the slices wait for it to catch up ({@link UnslicedBacklog}).
 */
public final class ActionProjection {
    public static final String NAME = "gator-actions";
    /** The sharded daemon process of the projection of the events written before slicing. */
    static final String UNSLICED_DAEMON = NAME + "-unsliced";

    private ActionProjection() {}

    /** Projection id of one tag: the offset is stored per tag (per slice). */
    public static ProjectionId id(String tag) {
        return ProjectionId.of(NAME, tag);
    }

    /** Every slice's projection and the unsliced one (for tests and for running them elsewhere than in daemons). */
    public static List<GroupedProjection<Offset, EventEnvelope<ActionEntity.Event>>> all(ActorSystem<?> system,
                                                                                         Database db,
                                                                                         SchedulerSettings settings) {
        ActionTags tags = settings.actionTags();
        UnslicedBacklog backlog = new UnslicedBacklog(system, db, id(tags.unsliced()));
        List<GroupedProjection<Offset, EventEnvelope<ActionEntity.Event>>> all = new ArrayList<>();
        for (int i = 0; i < tags.slices(); i++) {
            all.add(slice(system, db, tags, i, backlog));
        }
        all.add(unsliced(system, db, tags, backlog));
        return all;
    }

    /** The projection of one slice, which starts once the events written before slicing are all projected. */
    static GroupedProjection<Offset, EventEnvelope<ActionEntity.Event>> slice(ActorSystem<?> system, Database db,
                                                                             ActionTags tags, int slice,
                                                                             UnslicedBacklog backlog) {
        String tag = tags.tag(slice);
        return projection(system, db, tag, BacklogGatedSource.afterBacklog(
                EventSourcedProvider.eventsByTag(system, JdbcReadJournal.Identifier(), tag), backlog));
    }

    /**
     * The projection of the events written before slicing: the id and offset the single projection had. It reads
     * nothing when none of them is left to project at its start.
     */
    static GroupedProjection<Offset, EventEnvelope<ActionEntity.Event>> unsliced(ActorSystem<?> system, Database db,
                                                                                ActionTags tags,
                                                                                UnslicedBacklog backlog) {
        return projection(system, db, tags.unsliced(), BacklogGatedSource.whileBacklog(
                EventSourcedProvider.eventsByTag(system, JdbcReadJournal.Identifier(), tags.unsliced()), backlog));
    }

    private static GroupedProjection<Offset, EventEnvelope<ActionEntity.Event>> projection(
            ActorSystem<?> system, Database db, String tag, SourceProvider<Offset, EventEnvelope<ActionEntity.Event>> source) {
        ReadModelWriter writer = new ReadModelWriter(db.dialect());
        return JdbcProjection.groupedWithin(id(tag), source,
                        () -> new DataSourceJdbcSession(db.dataSource()), () -> new Handler(writer), system)
                .withGroup(200, Duration.ofMillis(100));
    }

    /** Runs one projection per slice in the cluster, and the one of the events written before slicing. */
    public static void init(ActorSystem<?> system, Database db, SchedulerSettings settings) {
        ActionTags tags = settings.actionTags();
        UnslicedBacklog backlog = new UnslicedBacklog(system, db, id(tags.unsliced()));
        ShardedDaemonProcess.get(system).init(ProjectionBehavior.Command.class, NAME, tags.slices(),
                i -> ProjectionBehavior.create(slice(system, db, tags, i, backlog)), ProjectionBehavior.stopMessage());
        ShardedDaemonProcess.get(system).init(ProjectionBehavior.Command.class, UNSLICED_DAEMON, 1,
                i -> ProjectionBehavior.create(unsliced(system, db, tags, backlog)), ProjectionBehavior.stopMessage());
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
                    long id = Long.parseLong(PersistenceId.extractEntityId(env.persistenceId()));
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
            } else if (event instanceof ActionEntity.TargetsExtended e) {
                List<ReadModelWriter.NewCommand> rows = new ArrayList<>(e.targets().size());
                for (ActionEntity.Target tg : e.targets()) {
                    rows.add(new ReadModelWriter.NewCommand(tg.commandId(), id, tg.agent().agentId(), tg.agent().name(),
                            tg.agent().queueLoc()));
                }
                w.insertCommands(c, rows);
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

        private static OffsetDateTime t(Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
    }
}
