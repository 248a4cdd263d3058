package io.gator.agent.persist.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gator.agent.persist.PersistentModule;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.testing.Fixtures;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The captured dispatch sessions replayed: the same configuration, host name, environment and tags, the same
 * alerts, and the collector must receive what MIG's collector received (01 byte for byte, 02 apart from the MozDef
 * fields that name the sending process) while the module logs what MIG's logged.
 */
class DispatchModuleFixturesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final DispatchTunables TUNABLES = new DispatchTunables(Duration.ofMinutes(5), Duration.ofSeconds(5));

    private final ActorTestKit kit = ActorTestKit.create();
    private final CapturedLog log = new CapturedLog();
    private final SteppedClock clock = new SteppedClock(Instant.parse("2026-12-02T08:12:55.491269033Z"));

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void plainRecordsAreWhatMigPostedExceptForTheAlertThatIsNotJson() throws Exception {
        CapturedSession s = CapturedSession.read("01-http");
        assertEquals(5, s.alerts().size());
        assertEquals(5, s.posts().size());
        try (TestCollector collector = TestCollector.answering()) {
            ActorRef<PersistentModule.Message> dispatch = start(s, collector);
            List<TestCollector.Post> got = replay(s, dispatch, collector);
            for (int i = 0; i < s.posts().size(); i++) {
                TestCollector.Post mig = s.posts().get(i);
                assertEquals(mig.path(), got.get(i).path());
                assertEquals(mig.contentType(), got.get(i).contentType());
                if (isJson(s.alerts().get(i))) {
                    assertEquals(mig.body(), got.get(i).body(), "POST " + (i + 1));
                } else {
                    // MIG re-sent the previous alert's event; this agent ships the alert's own text
                    JsonNode migEvent = MigJson.tree(mig.body()).get("event");
                    assertEquals(MigJson.tree(s.posts().get(i - 1).body()).get("event"), migEvent);
                    ObjectNode expected = (ObjectNode) MigJson.tree(mig.body());
                    expected.set("event", TextNode.valueOf(s.alerts().get(i)));
                    assertEquals(expected, MigJson.tree(got.get(i).body()), "POST " + (i + 1));
                    assertNotEquals(migEvent, MigJson.tree(got.get(i).body()).get("event"));
                }
            }
            assertEquals(s.moduleLogs(), log.messages());
        }
    }

    @Test
    void mozdefEventsCarryTheRecordAsMigsDid() throws Exception {
        CapturedSession s = CapturedSession.read("02-http");
        try (TestCollector collector = TestCollector.answering()) {
            ActorRef<PersistentModule.Message> dispatch = start(s, collector);
            List<TestCollector.Post> got = replay(s, dispatch, collector);
            assertEquals(1, got.size());
            TestCollector.Post mig = s.posts().get(0);
            assertEquals(mig.path(), got.get(0).path());
            assertEquals(mig.contentType(), got.get(0).contentType());
            ObjectNode expected = (ObjectNode) MigJson.tree(mig.body());
            ObjectNode actual = (ObjectNode) MigJson.tree(got.get(0).body());
            assertEquals(fieldNames(expected), fieldNames(actual), "MozDef fields in MIG's order");
            // the clock stands at the capture's time, so the stamp is the captured one
            assertEquals(expected.get("timestamp"), actual.get("timestamp"));
            assertEquals(ProcessHandle.current().pid(), actual.get("processid").asLong());
            assertFalse(actual.get("hostname").asText().isEmpty());
            for (String runDependent : List.of("processid", "processname", "hostname")) {
                expected.remove(runDependent);
                actual.remove(runDependent);
            }
            assertEquals(expected, actual);
            assertEquals(s.moduleLogs(), log.messages());
        }
    }

    @Test
    void anUnreachableCollectorIsLoggedAsMigLogsIt() throws Exception {
        CapturedSession s = CapturedSession.read("03-http");
        String unreachable = s.config().get("httpurl").asText();
        ActorRef<PersistentModule.Message> dispatch = kit.spawn(
                new DispatchModule(TUNABLES).create(s.context(s.settings(unreachable), log.logger(), clock)));
        s.alerts().forEach(a -> dispatch.tell(new PersistentModule.Alert(a)));
        String migError = s.moduleLogs().get(2);
        String prefix = migError.substring(0, migError.indexOf("\": ") + 3);
        assertEquals("http post: Post \"" + unreachable + "\": ", prefix);
        String got = log.await(m -> m.startsWith("http post: "), WAIT);
        assertTrue(got.startsWith(prefix) && got.length() > prefix.length(), got);
        assertEquals(s.moduleLogs().subList(0, 2), log.messages().subList(0, 2));
    }

    @Test
    void aQueryIsAnsweredWithMigsHealthResult() throws Exception {
        CapturedSession s = CapturedSession.read("01-http");
        try (TestCollector collector = TestCollector.answering()) {
            ActorRef<PersistentModule.Message> dispatch = start(s, collector);
            for (String scenario : List.of("01", "02", "03")) {
                String prefix = "mig-wire/modules/dispatch/" + scenario + "-query-running.";
                JsonNode query = MigJson.tree(Fixtures.read(prefix + "query-message.json"));
                TestProbe<Result> probe = kit.createTestProbe();
                dispatch.tell(new PersistentModule.Query(query.get("parameters"), probe.getRef()));
                // the query process prints the running module's answer and a newline
                assertEquals(Fixtures.read(prefix + "result.json"), MigJson.write(probe.receiveMessage(WAIT)) + "\n");
            }
        }
    }

    private ActorRef<PersistentModule.Message> start(CapturedSession s, TestCollector collector) {
        URI captured = URI.create(s.config().get("httpurl").asText());
        return kit.spawn(new DispatchModule(TUNABLES).create(
                s.context(s.settings(collector.url(captured.getPath()).toString()), log.logger(), clock)));
    }

    private static List<TestCollector.Post> replay(CapturedSession s, ActorRef<PersistentModule.Message> dispatch,
                                                   TestCollector collector) throws InterruptedException {
        List<TestCollector.Post> got = new ArrayList<>();
        for (String alert : s.alerts()) {
            dispatch.tell(new PersistentModule.Alert(alert));
            got.add(collector.next(WAIT));
        }
        return got;
    }

    private static boolean isJson(String text) {
        try {
            MigJson.tree(text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
