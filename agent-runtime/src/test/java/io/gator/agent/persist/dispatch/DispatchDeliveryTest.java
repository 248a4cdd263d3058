package io.gator.agent.persist.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.agent.persist.ModuleSettings;
import io.gator.agent.persist.PersistentModule;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What dispatch does when the collector answers badly or not at all (it logs and goes on with the next alert), and
 * when there is no collector (alerts go to the agent's log).
 */
class DispatchDeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ActorTestKit kit = ActorTestKit.create();
    private final CapturedLog log = new CapturedLog();
    private final CapturedSession session = CapturedSession.read("01-http");

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void anErrorStatusIsLoggedAndTheNextAlertStillGoesOut() throws Exception {
        try (TestCollector collector = TestCollector.answeringWith(500)) {
            ActorRef<PersistentModule.Message> dispatch = start(collector, Duration.ofSeconds(5));
            dispatch.tell(new PersistentModule.Alert("1"));
            dispatch.tell(new PersistentModule.Alert("2"));
            assertEquals(1, MigJson.tree(collector.next(WAIT).body()).get("event").asInt());
            assertEquals(2, MigJson.tree(collector.next(WAIT).body()).get("event").asInt());
            log.await(m -> m.equals("http post: collector answered status 500"), WAIT);
        }
    }

    @Test
    void aCollectorThatNeverAnswersTimesOutAndDispatchMovesOn() throws Exception {
        try (TestCollector collector = TestCollector.holding()) {
            ActorRef<PersistentModule.Message> dispatch = start(collector, Duration.ofMillis(300));
            dispatch.tell(new PersistentModule.Alert("1"));
            dispatch.tell(new PersistentModule.Alert("2"));
            assertEquals(1, MigJson.tree(collector.next(WAIT).body()).get("event").asInt());
            assertEquals(2, MigJson.tree(collector.next(WAIT).body()).get("event").asInt());
            String logged = log.await(m -> m.startsWith("http post: "), WAIT);
            assertTrue(logged.startsWith("http post: Post \"" + collector.url("/event") + "\": HttpTimeoutException"),
                    logged);
        }
    }

    @Test
    void withoutAUrlAlertsAreWrittenToTheAgentsLogAndQueriesAnswered() throws Exception {
        ActorRef<PersistentModule.Message> dispatch = kit.spawn(new DispatchModule().create(
                session.context(ModuleSettings.empty(), log.logger(), new SteppedClock(Instant.EPOCH))));
        dispatch.tell(new PersistentModule.Alert("{\"severity\":\"low\",\"alert\":\"path /etc/x removed\"}"));
        TestProbe<Result> probe = kit.createTestProbe();
        dispatch.tell(new PersistentModule.Query(MigJson.tree("{}"), probe.getRef()));
        assertEquals(DispatchActor.healthy(), probe.receiveMessage(WAIT));
        assertEquals(List.of("module received configuration", "channel size not specified, defaulting to 1024",
                "no httpurl set, alerts are written to the agent's log",
                "alert: {\"severity\":\"low\",\"alert\":\"path /etc/x removed\"}"), log.messages());
    }

    private ActorRef<PersistentModule.Message> start(TestCollector collector, Duration postTimeout) {
        ModuleSettings settings = ModuleSettings.of(Map.of("dispatch", Map.of(
                "httpurl", List.of(collector.url("/event").toString()))));
        return kit.spawn(new DispatchModule(new DispatchTunables(Duration.ofMinutes(5), postTimeout))
                .create(session.context(settings, log.logger(), new SteppedClock(Instant.EPOCH))));
    }
}
