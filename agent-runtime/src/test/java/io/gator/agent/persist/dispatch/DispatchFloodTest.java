package io.gator.agent.persist.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gator.agent.persist.ModuleSettings;
import io.gator.agent.persist.PersistentModule;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Alerts flooding in while the collector does not answer: dispatch keeps the one being posted and at most
 * {@code channelsize} more, drops the rest, and warns about the drops at most once per interval.
 */
class DispatchFloodTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int CHANNEL = 100;
    private static final int FLOOD = 100_000;
    private static final Duration WARN_EVERY = Duration.ofMinutes(5);

    private final ActorTestKit kit = ActorTestKit.create();
    private final CapturedLog log = new CapturedLog();
    private final SteppedClock clock = new SteppedClock(Instant.parse("2026-12-02T08:00:00Z"));

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void aFloodAtAStalledCollectorKeepsOnlyTheBufferAndCountsTheDrops() throws Exception {
        CapturedSession s = CapturedSession.read("01-http");
        try (TestCollector collector = TestCollector.holding()) {
            ModuleSettings settings = ModuleSettings.of(Map.of("dispatch", Map.of(
                    "httpurl", List.of(collector.url("/event").toString()),
                    "channelsize", List.of(String.valueOf(CHANNEL)))));
            ActorRef<PersistentModule.Message> dispatch = kit.spawn(
                    new DispatchModule(new DispatchTunables(WARN_EVERY, Duration.ofMinutes(1)))
                            .create(s.context(settings, log.logger(), clock)));
            for (int i = 0; i < FLOOD; i++) {
                dispatch.tell(new PersistentModule.Alert(String.valueOf(i)));
            }
            processed(dispatch);
            // the clock stood still: only the first drop was warned about
            assertEquals(List.of(drops(1)), warnings());

            clock.step(WARN_EVERY.plusSeconds(1));
            dispatch.tell(new PersistentModule.Alert("one more"));
            processed(dispatch);
            // one alert is being posted and CHANNEL wait: the flood's other alerts were dropped, the first of them
            // warned about already, and "one more" joins the count
            int flooded = FLOOD - 1 - CHANNEL;
            assertEquals(List.of(drops(1), drops(flooded - 1 + 1)), warnings());

            collector.release();
            for (int i = 0; i <= CHANNEL; i++) {
                TestCollector.Post p = collector.next(WAIT);
                assertEquals(i, MigJson.tree(p.body()).get("event").asInt(), "the kept alerts, in order");
            }
            processed(dispatch);
            Thread.sleep(500);
            assertEquals(CHANNEL + 1, collector.received().size(), "nothing beyond the buffer was kept");
        }
    }

    @Test
    void dropsAreWarnedAboutAgainOnlyAfterTheInterval() throws Exception {
        CapturedSession s = CapturedSession.read("01-http");
        try (TestCollector collector = TestCollector.holding()) {
            ModuleSettings settings = ModuleSettings.of(Map.of("dispatch", Map.of(
                    "httpurl", List.of(collector.url("/event").toString()), "channelsize", List.of("1"))));
            Duration every = Duration.ofSeconds(30);
            ActorRef<PersistentModule.Message> dispatch = kit.spawn(
                    new DispatchModule(new DispatchTunables(every, Duration.ofMinutes(1)))
                            .create(s.context(settings, log.logger(), clock)));
            IntStream.range(0, 5).forEach(i -> dispatch.tell(new PersistentModule.Alert("1")));
            processed(dispatch);
            clock.step(every);
            dispatch.tell(new PersistentModule.Alert("1"));
            processed(dispatch);
            assertEquals(List.of(drops(1)), warnings(), "not after exactly the interval");
            clock.step(Duration.ofMillis(1));
            dispatch.tell(new PersistentModule.Alert("1"));
            processed(dispatch);
            assertEquals(List.of(drops(1), drops(4)), warnings());
        }
    }

    /** Every message sent before has been handled once the query is answered (one mailbox, in order). */
    private void processed(ActorRef<PersistentModule.Message> dispatch) {
        TestProbe<Result> probe = kit.createTestProbe();
        dispatch.tell(new PersistentModule.Query(MigJson.tree("{}"), probe.getRef()));
        assertEquals(DispatchActor.healthy(), probe.receiveMessage(WAIT));
    }

    private List<String> warnings() {
        return log.messages().stream().filter(m -> m.startsWith("warning")).toList();
    }

    private static String drops(int n) {
        return "warning, dispatch module dropping messages (buffer full, " + n + " dropped since last warning)";
    }
}
