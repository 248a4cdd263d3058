package io.gator.scheduler.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.persistence.standing.StandingOrderReadRepository;
import io.gator.persistence.standing.StandingOrderRow;
import io.gator.scheduler.action.JournalOnPostgres;
import io.gator.scheduler.standing.StandingOrderEntity;
import io.gator.scheduler.standing.StandingSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.projection.ProjectionBehavior;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The standing order read tables on PostgreSQL, written by the projection from a real entity's tagged events. */
class StandingOrderProjectionPostgresTest {
    static JournalOnPostgres pg;
    static StandingSettings settings;
    static StandingOrderReadRepository repo;

    @BeforeAll
    static void setUp() {
        pg = JournalOnPostgres.start("StandingOrderProjectionPostgresTest", "");
        settings = StandingSettings.from(pg.kit.system().settings().config());
        repo = new StandingOrderReadRepository(pg.db);
    }

    @AfterAll
    static void tearDown() {
        pg.close();
    }

    @Test
    void ordersAndTheirRunsReachTheTablesAsTheEntityHoldsThemNewestFirstAndFollowItsCancel() throws Exception {
        StandingOrderFixture.Posted posted = StandingOrderFixture.post(pg.kit, settings, 9001, "hourly passwd");
        StandingOrderEntity.Summary first = posted.summary();
        StandingOrderEntity.Summary second = StandingOrderFixture.post(pg.kit, settings, 9002, "daily sshd").summary();
        assertEquals(1, count("SELECT COUNT(*) FROM event_tag WHERE tag = '" + settings.eventTag() + "'"
                + " AND event_id = (SELECT MIN(ordering) FROM event_journal WHERE persistence_id = 'StandingOrder|9001')"),
                "the order's events carry the standing order tag");

        ActorRef<ProjectionBehavior.Command> projection = pg.kit.spawn(ProjectionBehavior.create(
                StandingOrderProjection.create(pg.kit.system(), pg.db, settings)));
        StandingOrderRow row = StandingOrderFixture.await(repo, 9001,
                r -> r.runs().get(1).status().equals(StandingOrderEntity.RUN_LAUNCHED));
        StandingOrderFixture.assertSame(first, row);
        assertEquals(List.of("missed", "launched", "waiting"),
                row.runs().stream().map(StandingOrderRow.Run::status).toList());
        StandingOrderFixture.assertSame(second, StandingOrderFixture.await(repo, 9002,
                r -> r.runs().get(1).status().equals(StandingOrderEntity.RUN_LAUNCHED)));

        // the other test's orders have lower IDs (older): these two are the newest
        assertEquals(List.of(9002L, 9001L), repo.newest(2).stream().map(StandingOrderRow::id).toList());
        assertEquals(List.of(9002L), repo.newest(1).stream().map(StandingOrderRow::id).toList());
        assertEquals(3, repo.newest(1).get(0).runs().size(), "a limited list still carries all runs of its orders");

        // a cancel reaches the tables; the entity and the row still agree
        StandingOrderEntity.Summary cancelled = StandingOrderFixture.ask(pg.kit, posted.ref(), rt ->
                new StandingOrderEntity.Cancel(StandingOrderFixture.ALICE, rt));
        assertEquals(StandingOrderEntity.CANCELLED, cancelled.status());
        StandingOrderFixture.assertSame(cancelled, StandingOrderFixture.await(repo, 9001,
                r -> r.status().equals(StandingOrderEntity.CANCELLED)));
        pg.kit.stop(projection);
    }

    @Test
    void anOrderWhoseEventsWereWrittenBeforeTaggingIsNotListed() throws Exception {
        StandingOrderFixture.post(pg.kit, settings, 6001, "untagged");
        try (Connection c = pg.db.connection(); PreparedStatement ps = c.prepareStatement("DELETE FROM event_tag"
                + " WHERE event_id IN (SELECT ordering FROM event_journal WHERE persistence_id = 'StandingOrder|6001')")) {
            assertTrue(ps.executeUpdate() > 0);
        }
        StandingOrderFixture.post(pg.kit, settings, 6002, "tagged");
        ActorRef<ProjectionBehavior.Command> projection = pg.kit.spawn(ProjectionBehavior.create(
                StandingOrderProjection.create(pg.kit.system(), pg.db, settings)));
        StandingOrderFixture.await(repo, 6002, r -> true);
        assertTrue(repo.find(6001).isEmpty());
        assertTrue(repo.newest(100).stream().noneMatch(r -> r.id() == 6001));
        pg.kit.stop(projection);
    }

    private static long count(String sql) throws Exception {
        try (Connection c = pg.db.connection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
