package io.gator.scheduler.projection;

import io.gator.persistence.Database;
import io.gator.persistence.projection.DataSourceJdbcSession;
import io.gator.persistence.standing.StandingOrderRow;
import io.gator.persistence.standing.StandingOrderWriter;
import io.gator.scheduler.standing.StandingOrderEntity;
import io.gator.scheduler.standing.StandingSettings;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;

/**
 * Writes the {@code standing_orders} and {@code standing_order_runs} read tables from the standing order events
 * (one tag, {@code gator.scheduler.standing.event-tag}), exactly once: each group of events and the offset commit
 * in one transaction. One instance in the cluster (a sharded daemon): an order's events are few (one per run and
 * a handful more), far fewer than an action's. Orders whose events were written before they were tagged never
 * reach the tables.
 */
public final class StandingOrderProjection {
    public static final String NAME = "gator-standing-orders";

    private StandingOrderProjection() {}

    public static ProjectionId id(String tag) {
        return ProjectionId.of(NAME, tag);
    }

    public static GroupedProjection<Offset, EventEnvelope<StandingOrderEntity.Event>> create(ActorSystem<?> system,
                                                                                            Database db,
                                                                                            StandingSettings settings) {
        StandingOrderWriter writer = new StandingOrderWriter(db.dialect());
        return JdbcProjection.groupedWithin(id(settings.eventTag()),
                        EventSourcedProvider.<StandingOrderEntity.Event>eventsByTag(system,
                                JdbcReadJournal.Identifier(), settings.eventTag()),
                        () -> new DataSourceJdbcSession(db.dataSource()), () -> new Handler(writer), system)
                .withGroup(200, Duration.ofMillis(100));
    }

    /** Runs the projection on one scheduler node of the cluster. */
    public static void init(ActorSystem<?> system, Database db, StandingSettings settings) {
        ShardedDaemonProcess.get(system).init(ProjectionBehavior.Command.class, NAME, 1,
                i -> ProjectionBehavior.create(create(system, db, settings)), ProjectionBehavior.stopMessage());
    }

    static final class Handler
            extends JdbcHandler<List<EventEnvelope<StandingOrderEntity.Event>>, DataSourceJdbcSession> {
        private final StandingOrderWriter w;

        Handler(StandingOrderWriter w) {
            this.w = w;
        }

        @Override
        public void process(DataSourceJdbcSession session, List<EventEnvelope<StandingOrderEntity.Event>> envelopes)
                throws Exception {
            session.withConnection(c -> {
                for (EventEnvelope<StandingOrderEntity.Event> env : envelopes) {
                    long id = Long.parseLong(PersistenceId.extractEntityId(env.persistenceId()));
                    apply(c, id, env.event());
                }
                return null;
            });
        }

        private void apply(Connection c, long id, StandingOrderEntity.Event event) throws Exception {
            if (event instanceof StandingOrderEntity.OrderCreated e) {
                List<StandingOrderRow.Run> runs = new ArrayList<>(e.runs().size());
                for (int i = 0; i < e.runs().size(); i++) {
                    StandingOrderEntity.Run r = e.runs().get(i);
                    runs.add(new StandingOrderRow.Run(i, r.actionId(), t(r.validFrom()), t(r.expireAfter()),
                            StandingOrderEntity.RUN_WAITING));
                }
                w.insertOrder(c, new StandingOrderRow(id, e.name(), StandingOrderEntity.ACTIVE,
                        e.postedBy().investigatorId(), e.postedBy().name(), t(e.at()), runs), t(e.at()));
            } else if (event instanceof StandingOrderEntity.RunLaunched e) {
                w.setRunStatus(c, id, e.index(), StandingOrderEntity.RUN_LAUNCHED, t(e.at()));
            } else if (event instanceof StandingOrderEntity.RunMissed e) {
                w.setRunStatus(c, id, e.index(), StandingOrderEntity.RUN_MISSED, t(e.at()));
            } else if (event instanceof StandingOrderEntity.OrderCancelled e) {
                w.setOrderStatus(c, id, StandingOrderEntity.CANCELLED, t(e.at()));
            } else if (event instanceof StandingOrderEntity.OrderCompleted e) {
                w.setOrderStatus(c, id, StandingOrderEntity.COMPLETED, t(e.at()));
            }
            // RunSinksStarted: delivery bookkeeping, not shown in the tables
        }

        private static OffsetDateTime t(Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
    }
}
