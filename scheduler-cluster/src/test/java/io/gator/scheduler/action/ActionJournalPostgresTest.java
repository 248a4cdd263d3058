package io.gator.scheduler.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.action.Counters;
import io.gator.persistence.Database;
import io.gator.persistence.journal.ActionJournal;
import io.gator.persistence.journal.JournalRecord;
import io.gator.relay.FakeRelay;
import io.gator.scheduler.SchedulerSettings;
import io.gator.scheduler.action.ActionEntity.IncomingResult;
import io.gator.scheduler.action.ActionEntity.Summary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real ActionEntity on the PostgreSQL journal: 1,000 agents, journal writes per command stay low
 * (batching), the history reads back through ActionJournal, and a fresh incarnation recovers the counters.
 */
class ActionJournalPostgresTest {
    static JournalOnPostgres pg;
    static Database db;
    static ActorTestKit kit;
    static SchedulerSettings settings;

    @BeforeAll
    static void setUp() {
        pg = JournalOnPostgres.start("ActionJournalPostgresTest", "");
        db = pg.db;
        kit = pg.kit;
        settings = pg.settings;
    }

    @AfterAll
    static void tearDown() {
        pg.close();
    }

    Summary get(ActorRef<ActionEntity.Command> ref) throws Exception {
        StatusReply<Summary> r = AskPattern.<ActionEntity.Command, StatusReply<Summary>>ask(ref, ActionEntity.Get::new,
                Duration.ofSeconds(10), kit.scheduler()).toCompletableFuture().get(15, TimeUnit.SECONDS);
        return r.getValue();
    }

    Summary awaitStatus(ActorRef<ActionEntity.Command> ref, String status) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        Summary s = get(ref);
        while (!status.equals(s.status())) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("action stuck at " + s);
            }
            Thread.sleep(20);
            s = get(ref);
        }
        return s;
    }

    List<ActorRef<org.apache.pekko.projection.ProjectionBehavior.Command>> startProjections(String name) {
        List<ActorRef<org.apache.pekko.projection.ProjectionBehavior.Command>> refs = new ArrayList<>();
        for (var p : io.gator.scheduler.projection.ActionProjection.all(kit.system(), db, settings)) {
            refs.add(kit.spawn(org.apache.pekko.projection.ProjectionBehavior.create(p), name + "-" + refs.size()));
        }
        return refs;
    }

    int journalRows(long actionId) throws Exception {
        try (Connection c = db.connection(); PreparedStatement ps =
                c.prepareStatement("SELECT COUNT(*) FROM event_journal WHERE persistence_id = ?")) {
            ps.setString(1, ActionJournal.persistenceId(actionId));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void thousandAgentsCostFewJournalWritesAndTheHistoryReadsBack() throws Exception {
        long id = 77001;
        int n = 1000;
        FakeRelay relay = new FakeRelay();
        var behavior = ActionEntity.create(PersistenceId.of("Action", Long.toString(id)), id, relay,
                FakeSelector.of(n), settings, Clock.systemUTC());
        ActorRef<ActionEntity.Command> ref = kit.spawn(behavior, "action-" + id);
        long t0 = System.nanoTime();
        StatusReply<Summary> created = AskPattern.<ActionEntity.Command, StatusReply<Summary>>ask(ref,
                rt -> new ActionEntity.Create(Actions.json(id), rt), Duration.ofSeconds(10), kit.scheduler())
                .toCompletableFuture().get(15, TimeUnit.SECONDS);
        assertTrue(created.isSuccess(), () -> String.valueOf(created));
        awaitStatus(ref, ActionEntity.INFLIGHT);
        long tSent = System.nanoTime();
        List<Long> cmdIds = relay.published.stream()
                .map(m -> io.gator.core.json.MigJson.read(m.body(), io.gator.core.command.Command.class).id()).toList();
        assertEquals(n, cmdIds.size());
        for (int from = 0; from < n; from += 100) {
            List<IncomingResult> batch = new ArrayList<>();
            for (long c : cmdIds.subList(from, from + 100)) {
                batch.add(new IncomingResult(c, c % 10 == 0 ? "failed" : "success", "[]", "q"));
            }
            StatusReply<ActionEntity.ResultsAck> ack = AskPattern.<ActionEntity.Command, StatusReply<ActionEntity.ResultsAck>>ask(
                    ref, rt -> new ActionEntity.ResultsReceived(batch, rt), Duration.ofSeconds(10), kit.scheduler())
                    .toCompletableFuture().get(15, TimeUnit.SECONDS);
            assertEquals(100, ack.getValue().accepted());
        }
        Summary done = awaitStatus(ref, ActionEntity.COMPLETED);
        long t1 = System.nanoTime();
        long failed = cmdIds.stream().filter(c -> c % 10 == 0).count();
        assertEquals(new Counters(n, n, 0, (int) (n - failed), 0, 0, (int) failed, 0), done.counters());

        int rows = journalRows(id);
        System.out.printf("1000 agents: sent in %d ms, all results persisted in %d ms, %d journal rows (%.3f per command)%n",
                (tSent - t0) / 1_000_000, (t1 - t0) / 1_000_000, rows, rows / (double) n);
        // created + resolved + a few CommandsSent batches + 10 CommandsFinished + completed (28 here; margin for slow CI)
        assertTrue(rows <= 60, "journal rows for 1,000 commands: " + rows);

        List<JournalRecord> history = new ActionJournal(kit.system()).events(id).toCompletableFuture()
                .get(15, TimeUnit.SECONDS);
        assertEquals(rows, history.size());
        assertEquals("ActionCreated", history.get(0).eventType());
        assertEquals("TargetsResolved", history.get(1).eventType());
        assertEquals("ActionCompleted", history.get(history.size() - 1).eventType());
        for (int i = 0; i < history.size(); i++) {
            assertEquals(i + 1, history.get(i).sequenceNr());
        }
        assertTrue(history.get(0).eventJson().contains("\"actionId\":" + id));

        // a new incarnation recovers the same state from the PostgreSQL journal (and snapshot)
        kit.stop(ref);
        ActorRef<ActionEntity.Command> again = kit.spawn(ActionEntity.create(PersistenceId.of("Action",
                Long.toString(id)), id, relay, FakeSelector.of(n), settings, Clock.systemUTC()), "action-" + id + "-b");
        assertEquals(done, get(again));
        assertEquals(n, relay.published.size(), "nothing is sent again after recovery");
    }

    @Test
    void unknownActionHasAnEmptyHistory() throws Exception {
        assertTrue(new ActionJournal(kit.system()).events(123456789L).toCompletableFuture().get(10, TimeUnit.SECONDS)
                .isEmpty());
    }

    @Test
    void projectionWritesActionsAndCommandsTablesExactlyOnceWithTheEntityCounters() throws Exception {
        long id = 77002;
        FakeRelay relay = new FakeRelay();
        ActorRef<ActionEntity.Command> ref = kit.spawn(ActionEntity.create(PersistenceId.of("Action",
                Long.toString(id)), id, relay, FakeSelector.of(50), settings, Clock.systemUTC()), "action-" + id);
        AskPattern.<ActionEntity.Command, StatusReply<Summary>>ask(ref, rt -> new ActionEntity.Create(Actions.json(id), rt),
                Duration.ofSeconds(10), kit.scheduler()).toCompletableFuture().get(15, TimeUnit.SECONDS);
        awaitStatus(ref, ActionEntity.INFLIGHT);
        List<Long> cmdIds = relay.published.stream()
                .map(m -> io.gator.core.json.MigJson.read(m.body(), io.gator.core.command.Command.class).id()).toList();
        List<IncomingResult> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(new IncomingResult(cmdIds.get(i), i < 15 ? "success" : "timeout",
                    "[{\"foundanything\":true,\"success\":true,\"elements\":null,\"statistics\":null,\"errors\":null}]", "q"));
        }
        AskPattern.<ActionEntity.Command, StatusReply<ActionEntity.ResultsAck>>ask(ref,
                rt -> new ActionEntity.ResultsReceived(batch, rt), Duration.ofSeconds(10), kit.scheduler())
                .toCompletableFuture().get(15, TimeUnit.SECONDS);
        Summary cancelled = AskPattern.<ActionEntity.Command, StatusReply<Summary>>ask(ref, ActionEntity.Cancel::new,
                Duration.ofSeconds(10), kit.scheduler()).toCompletableFuture().get(15, TimeUnit.SECONDS).getValue();
        assertEquals(new Counters(50, 50, 0, 15, 30, 0, 0, 5), cancelled.counters());

        var projections = startProjections("projection");
        var actions = new io.gator.persistence.action.ActionReadRepository(db);
        long deadline = System.currentTimeMillis() + 20_000;
        while (actions.find(id).map(a -> !a.status().equals("cancelled")).orElse(true)) {
            assertTrue(System.currentTimeMillis() < deadline, "projection did not reach the cancelled action");
            Thread.sleep(50);
        }
        io.gator.core.action.Action row = actions.find(id).orElseThrow();
        assertEquals(cancelled.counters(), row.counters());
        var commands = new io.gator.persistence.action.CommandReadRepository(db);
        assertEquals(java.util.Map.of("success", 15, "timeout", 5, "cancelled", 30), commands.countByStatus(id));
        assertTrue(commands.find(cmdIds.get(0)).orElseThrow().results().get(0).foundAnything());
        // one offset per slice that saw events, under the slice's tag
        List<String> keys = new ArrayList<>();
        try (Connection c = db.connection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT projection_key FROM pekko_projection_offset_store WHERE projection_name = 'gator-actions'")) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        assertTrue(keys.contains(settings.actionTags().tagOf(id)), keys::toString);
        assertTrue(settings.actionTags().all().containsAll(keys), keys::toString);
        projections.forEach(kit::stop);
    }

    @Test
    void aNulOrAnOverlongTextInAnActionOrItsResultsIsProjectedAndLaterActionsStillAre() throws Exception {
        long poisoned = 77003, later = 77025;
        long longOne = 77014;
        // one slice, so one projection instance applies them in this order
        ActionTags tags = settings.actionTags();
        assertEquals(List.of(tags.slice(poisoned), tags.slice(poisoned)), List.of(tags.slice(longOne), tags.slice(later)));
        FakeRelay relay = new FakeRelay();
        ActorRef<ActionEntity.Command> ref = kit.spawn(ActionEntity.create(PersistenceId.of("Action",
                Long.toString(poisoned)), poisoned, relay, FakeSelector.of(2), settings, Clock.systemUTC()));
        String json = Actions.json(poisoned).replace("\"find passwd\"", "\"find\\u0000passwd\"")
                .replace("\"description\":{}", "\"description\":{\"author\":\"eve\\u0000\"}");
        assertTrue(json.contains("\\u0000passwd") && json.contains("eve\\u0000"), json);
        AskPattern.<ActionEntity.Command, StatusReply<Summary>>ask(ref, rt -> new ActionEntity.Create(json, rt),
                Duration.ofSeconds(10), kit.scheduler()).toCompletableFuture().get(15, TimeUnit.SECONDS).getValue();
        awaitStatus(ref, ActionEntity.INFLIGHT);
        List<IncomingResult> batch = new ArrayList<>();
        for (var m : relay.published) {
            long cmd = io.gator.core.json.MigJson.read(m.body(), io.gator.core.command.Command.class).id();
            batch.add(new IncomingResult(cmd, "success", "[{\"foundanything\":true,\"success\":true,"
                    + "\"elements\":{\"a\\u0000b\":\"\\u0000\"},\"statistics\":null,\"errors\":[\"x\\u0000\"]}]", "q"));
        }
        AskPattern.<ActionEntity.Command, StatusReply<ActionEntity.ResultsAck>>ask(ref,
                rt -> new ActionEntity.ResultsReceived(batch, rt), Duration.ofSeconds(10), kit.scheduler())
                .toCompletableFuture().get(15, TimeUnit.SECONDS);
        awaitStatus(ref, ActionEntity.COMPLETED);
        // a name and a target longer than their read-table columns
        ActorRef<ActionEntity.Command> big = kit.spawn(ActionEntity.create(PersistenceId.of("Action",
                Long.toString(longOne)), longOne, new FakeRelay(), FakeSelector.of(1), settings, Clock.systemUTC()));
        String bigJson = Actions.json(longOne, "name='" + "x".repeat(9000) + "'", Duration.ofSeconds(-1),
                Duration.ofHours(1)).replace("\"find passwd\"", "\"" + "n".repeat(3000) + "\"");
        AskPattern.<ActionEntity.Command, StatusReply<Summary>>ask(big, rt -> new ActionEntity.Create(bigJson, rt),
                Duration.ofSeconds(10), kit.scheduler()).toCompletableFuture().get(15, TimeUnit.SECONDS).getValue();
        awaitStatus(big, ActionEntity.INFLIGHT);
        ActorRef<ActionEntity.Command> next = kit.spawn(ActionEntity.create(PersistenceId.of("Action",
                Long.toString(later)), later, new FakeRelay(), FakeSelector.of(1), settings, Clock.systemUTC()));
        AskPattern.<ActionEntity.Command, StatusReply<Summary>>ask(next, rt -> new ActionEntity.Create(Actions.json(later), rt),
                Duration.ofSeconds(10), kit.scheduler()).toCompletableFuture().get(15, TimeUnit.SECONDS).getValue();
        awaitStatus(next, ActionEntity.INFLIGHT);

        var projections = startProjections("projection-nul");
        var actions = new io.gator.persistence.action.ActionReadRepository(db);
        long deadline = System.currentTimeMillis() + 20_000;
        while (actions.find(later).isEmpty()) {
            assertTrue(System.currentTimeMillis() < deadline, "the projection stopped at an action with a NUL or an overlong text");
            Thread.sleep(50);
        }
        io.gator.core.action.Action bigRow = actions.find(longOne).orElseThrow();
        assertEquals(3000, bigRow.name().length(), "the action as signed is kept whole");
        assertEquals(1, actions.search(io.gator.persistence.action.ActionSearch.all().withActionName("nnnn%")).size());
        io.gator.core.action.Action row = actions.find(poisoned).orElseThrow();
        assertEquals("completed", row.status());
        assertEquals("find\\u0000passwd", row.name());
        assertEquals("eve\\u0000", row.description().author());
        var commands = new io.gator.persistence.action.CommandReadRepository(db);
        long first = io.gator.core.json.MigJson.read(relay.published.get(0).body(), io.gator.core.command.Command.class).id();
        var result = commands.find(first).orElseThrow().results().get(0);
        assertEquals(List.of("x\\u0000"), result.errors());
        assertEquals("\\u0000", result.elements().get("a\\u0000b").asText());
        projections.forEach(kit::stop);
    }
}
