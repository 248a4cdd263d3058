package io.gator.scheduler.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.action.Action;
import io.gator.core.action.Counters;
import io.gator.core.command.Command;
import io.gator.core.json.MigJson;
import io.gator.relay.FakeRelay;
import io.gator.persistence.action.ActionReadRepository;
import io.gator.persistence.journal.ActionJournal;
import io.gator.scheduler.action.ActionEntity;
import io.gator.scheduler.action.ActionEntity.IncomingResult;
import io.gator.scheduler.action.ActionEntity.Summary;
import io.gator.scheduler.action.ActionTags;
import io.gator.scheduler.action.Actions;
import io.gator.scheduler.action.FakeSelector;
import io.gator.scheduler.action.JournalOnPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.projection.ProjectionBehavior;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sliced read side on PostgreSQL: real entities write the journal, the slice projections write the tables. */
class ActionProjectionPostgresTest {
    static final int AGENTS = 3;
    static JournalOnPostgres pg;
    static ActionTags tags;
    final List<ActorRef<ProjectionBehavior.Command>> running = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        pg = JournalOnPostgres.start("ActionProjectionPostgresTest", "gator.scheduler.action.projection-slices = 4");
        tags = pg.settings.actionTags();
    }

    @AfterAll
    static void tearDown() {
        pg.close();
    }

    @AfterEach
    void stopProjections() {
        running.forEach(pg.kit::stop);
        running.clear();
    }

    @Test
    void actionsOfEverySliceAreAllProjectedEachByItsSlicesProjection() throws Exception {
        Map<Integer, List<Long>> bySlice = new HashMap<>();
        for (long id = 88000; bySlice.values().stream().mapToInt(List::size).sum() < 2 * tags.slices(); id++) {
            List<Long> ids = bySlice.computeIfAbsent(tags.slice(id), s -> new ArrayList<>());
            if (ids.size() < 2) {
                ids.add(id);
            }
        }
        List<Long> ids = bySlice.values().stream().flatMap(List::stream).sorted().toList();
        for (long id : ids) {
            complete(id);
            assertEquals(Set.of(tags.tagOf(id)), journalTags(id), "every event of an action carries its slice's tag");
        }

        ActionProjection.all(pg.kit.system(), pg.db, pg.settings).forEach(this::start);

        for (long id : ids) {
            Action row = await(id, a -> a.status().equals(ActionEntity.COMPLETED));
            assertEquals(new Counters(AGENTS, AGENTS, 0, AGENTS, 0, 0, 0, 0), row.counters(), "action " + id);
        }
        assertTrue(offsetKeys().containsAll(tags.all()), "one offset per slice, under the slice's tag");
    }

    @Test
    void eventsTaggedBeforeSlicingAreProjectedFirstSoAnActionRunningAcrossTheUpgradeKeepsItsOrder() throws Exception {
        // a journal written before slicing: one action projected by the single projection, whose offset is kept
        long old = 89001;
        complete(old);
        untagToBeforeSlicing(old);
        ActorRef<ProjectionBehavior.Command> single = start(ActionProjection.unsliced(pg.kit.system(), pg.db, tags, backlog()));
        await(old, a -> a.status().equals(ActionEntity.COMPLETED));
        pg.kit.stop(single);
        running.remove(single);
        assertTrue(offsetKeys().contains(tags.unsliced()));

        // ... and one in flight at the upgrade: its first events under the old tag, its results in its slice
        long across = 89002;
        FakeRelay relay = new FakeRelay();
        ActorRef<ActionEntity.Command> ref = createInflight(across, relay);
        untagToBeforeSlicing(across);
        sendResults(ref, relay);
        awaitStatus(ref, ActionEntity.COMPLETED);
        assertEquals(Set.of(tags.tagOf(across)), lastEventTags(across), "after the upgrade, events go to the slice");
        long fresh = 89003;
        complete(fresh);

        UnslicedBacklog backlog = backlog();
        assertEquals(false, backlog.isDrained().toCompletableFuture().get(10, TimeUnit.SECONDS));
        for (int i = 0; i < tags.slices(); i++) {
            start(ActionProjection.slice(pg.kit.system(), pg.db, tags, i, backlog));
        }
        Thread.sleep(2000);
        ActionReadRepository actions = new ActionReadRepository(pg.db);
        assertTrue(actions.find(fresh).isEmpty(), "the slices wait while events of the old tag are unprojected");
        assertTrue(actions.find(across).isEmpty());

        start(ActionProjection.unsliced(pg.kit.system(), pg.db, tags, backlog()));
        Counters all = new Counters(AGENTS, AGENTS, 0, AGENTS, 0, 0, 0, 0);
        assertEquals(all, await(across, a -> a.status().equals(ActionEntity.COMPLETED)).counters());
        assertEquals(Map.of("success", AGENTS), new io.gator.persistence.action.CommandReadRepository(pg.db)
                .countByStatus(across), "results applied after the commands were inserted");
        assertEquals(all, await(fresh, a -> a.status().equals(ActionEntity.COMPLETED)).counters());
        assertEquals(true, backlog.isDrained().toCompletableFuture().get(10, TimeUnit.SECONDS));
    }

    // ---------------------------------------------------------------- helpers

    ActorRef<ProjectionBehavior.Command> start(
            org.apache.pekko.projection.Projection<?> projection) {
        ActorRef<ProjectionBehavior.Command> ref = pg.kit.spawn(ProjectionBehavior.create(projection));
        running.add(ref);
        return ref;
    }

    static UnslicedBacklog backlog() {
        return new UnslicedBacklog(pg.kit.system(), pg.db, ActionProjection.id(tags.unsliced()));
    }

    ActorRef<ActionEntity.Command> createInflight(long id, FakeRelay relay) throws Exception {
        ActorRef<ActionEntity.Command> ref = pg.kit.spawn(ActionEntity.create(PersistenceId.of("Action",
                Long.toString(id)), id, relay, FakeSelector.of(AGENTS), pg.settings, Clock.systemUTC()), "action-" + id);
        StatusReply<Summary> created = AskPattern.<ActionEntity.Command, StatusReply<Summary>>ask(ref,
                rt -> new ActionEntity.Create(Actions.json(id), rt), Duration.ofSeconds(10), pg.kit.scheduler())
                .toCompletableFuture().get(15, TimeUnit.SECONDS);
        assertTrue(created.isSuccess(), () -> String.valueOf(created));
        awaitStatus(ref, ActionEntity.INFLIGHT);
        return ref;
    }

    void sendResults(ActorRef<ActionEntity.Command> ref, FakeRelay relay) throws Exception {
        List<IncomingResult> batch = new ArrayList<>();
        for (var m : relay.published) {
            batch.add(new IncomingResult(MigJson.read(m.body(), Command.class).id(), "success", "[]", "q"));
        }
        AskPattern.<ActionEntity.Command, StatusReply<ActionEntity.ResultsAck>>ask(ref,
                rt -> new ActionEntity.ResultsReceived(batch, rt), Duration.ofSeconds(10), pg.kit.scheduler())
                .toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    void complete(long id) throws Exception {
        FakeRelay relay = new FakeRelay();
        ActorRef<ActionEntity.Command> ref = createInflight(id, relay);
        sendResults(ref, relay);
        awaitStatus(ref, ActionEntity.COMPLETED);
    }

    void awaitStatus(ActorRef<ActionEntity.Command> ref, String status) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            Summary s = AskPattern.<ActionEntity.Command, StatusReply<Summary>>ask(ref, ActionEntity.Get::new,
                    Duration.ofSeconds(10), pg.kit.scheduler()).toCompletableFuture().get(15, TimeUnit.SECONDS).getValue();
            if (status.equals(s.status())) {
                return;
            }
            assertTrue(System.currentTimeMillis() < deadline, () -> "action stuck at " + s);
            Thread.sleep(20);
        }
    }

    Action await(long id, Predicate<Action> done) throws Exception {
        ActionReadRepository actions = new ActionReadRepository(pg.db);
        long deadline = System.currentTimeMillis() + 20_000;
        while (actions.find(id).filter(done).isEmpty()) {
            assertTrue(System.currentTimeMillis() < deadline, () -> "action " + id + " read as " + actions.find(id));
            Thread.sleep(50);
        }
        return actions.find(id).orElseThrow();
    }

    /** What the journal of the former release holds: every event of the action under the one, unsliced tag. */
    void untagToBeforeSlicing(long id) throws Exception {
        try (Connection c = pg.db.connection(); PreparedStatement ps = c.prepareStatement("UPDATE event_tag SET tag = ?"
                + " WHERE event_id IN (SELECT ordering FROM event_journal WHERE persistence_id = ?)")) {
            ps.setString(1, tags.unsliced());
            ps.setString(2, ActionJournal.persistenceId(id));
            assertTrue(ps.executeUpdate() > 0);
        }
    }

    Set<String> journalTags(long id) throws Exception {
        return strings("SELECT DISTINCT t.tag FROM event_tag t JOIN event_journal j ON j.ordering = t.event_id"
                + " WHERE j.persistence_id = '" + ActionJournal.persistenceId(id) + "'");
    }

    Set<String> lastEventTags(long id) throws Exception {
        return strings("SELECT t.tag FROM event_tag t WHERE t.event_id = (SELECT MAX(ordering) FROM event_journal"
                + " WHERE persistence_id = '" + ActionJournal.persistenceId(id) + "')");
    }

    Set<String> offsetKeys() throws Exception {
        return strings("SELECT projection_key FROM pekko_projection_offset_store WHERE projection_name = '"
                + ActionProjection.NAME + "'");
    }

    Set<String> strings(String sql) throws Exception {
        Set<String> out = new TreeSet<>();
        try (Connection c = pg.db.connection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
