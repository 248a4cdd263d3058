package io.gator.agent.checkin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.typesafe.config.ConfigFactory;
import io.gator.agent.AgentGuardian;
import io.gator.agent.command.ModuleInvoker;
import io.gator.agent.config.AgentSettings;
import io.gator.core.action.Action;
import io.gator.core.action.Operation;
import io.gator.core.agent.Agent;
import io.gator.core.agent.AgentEnv;
import io.gator.core.command.Command;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.relay.FakeRelay;
import io.gator.relay.MigTopology;
import io.gator.relay.OutgoingMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckinRunTest {
    private final ActorTestKit kit = ActorTestKit.create();
    private FakeRelay relay = new FakeRelay();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    private final ModuleInvoker modules = (module, params) -> {
        if (module.equals("hang")) {
            Thread.sleep(60_000);
        }
        return new Result(true, true, JsonNodeFactory.instance.objectNode().put("module", module),
                JsonNodeFactory.instance.objectNode(), List.of());
    };

    @TempDir
    Path runDir;

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
        threads.shutdownNow();
    }

    /** A checkin agent over the tracked relay, module timeout 1 s (cap 1.1 s), idle 300 ms. */
    private CheckinRun startCheckin() {
        AgentSettings settings = AgentSettings.from(ConfigFactory.parseString(
                "gator.agent { checkin = on, checkin-idle = 300ms, module-timeout = 1s, heartbeat-interval = 100ms"
                        + ", run-dir = \"" + runDir + "\" }").withFallback(ConfigFactory.load()));
        SettlementTracker tracker = new SettlementTracker(relay);
        AgentGuardian.Parts parts = new AgentGuardian.Parts(settings, "linux.testqueue", tracker, cmd -> { },
                modules, threads, () -> AgentEnv.EMPTY, "test", Clock.systemUTC());
        CheckinRun run = new CheckinRun(tracker, settings.checkinIdle(), CheckinRun.cap(settings.moduleTimeout()));
        kit.spawn(AgentGuardian.create(parts));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!relay.subscribed() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(relay.subscribed(), "consumer subscribed");
        return run;
    }

    private static byte[] command(long id, String module) {
        OffsetDateTime now = OffsetDateTime.now();
        Action a = Action.of(id * 10, "checkin " + id, "status='online'", now.minusMinutes(1), now.plusMinutes(10),
                List.of(new Operation(module, JsonNodeFactory.instance.objectNode())))
                .withSignatures(List.of("sig")).withStatus("preparing");
        return MigJson.writeBytes(Command.sent(id, a, now));
    }

    private List<OutgoingMessage> sent(String routingKey) {
        return relay.published.stream().filter(m -> m.routingKey().equals(routingKey)).toList();
    }

    @Test
    void twoWaitingCommandsAreBothAnsweredThenTheRunEndsByItselfAfterTheIdleTime() throws Exception {
        CheckinRun run = startCheckin();
        long start = System.nanoTime(); // before the deliveries: the idle time counts from the last one
        relay.deliver("1", command(1, "ok"));
        relay.deliver("2", command(2, "ok"));
        // DONE, not CAPPED: the run ended by itself before the 1.1 s cap
        assertEquals(CheckinRun.Outcome.DONE, run.await());
        long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(took >= 300, took + " ms");
        List<Long> answered = sent(MigTopology.RESULTS).stream()
                .map(m -> MigJson.read(m.body(), Command.class).id()).sorted().toList();
        assertEquals(List.of(1L, 2L), answered);
        assertTrue(relay.settled.containsAll(List.of("ack:1", "ack:2")), relay.settled.toString());
    }

    @Test
    void anEmptyQueueEndsTheRunAfterTheIdleTimeWithOneCheckinHeartbeat() throws Exception {
        long start = System.nanoTime();
        CheckinRun run = startCheckin();
        assertEquals(CheckinRun.Outcome.DONE, run.await()); // not CAPPED: it ended by itself
        long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(took >= 300, took + " ms");
        Thread.sleep(300); // three heartbeat intervals: a repeating publisher would have beaten again
        List<OutgoingMessage> beats = sent(MigTopology.HEARTBEATS);
        assertEquals(1, beats.size());
        assertEquals("checkin", MigJson.read(beats.get(0).body(), Agent.class).mode());
        assertTrue(sent(MigTopology.RESULTS).isEmpty());
    }

    @Test
    void aCommandStillUnansweredAtTheCapEndsTheRunCapped() throws Exception {
        // the broker never confirms: the hanging module's timeout answer stays unpublished past the cap
        relay = FakeRelay.holding();
        CheckinRun run = startCheckin();
        relay.deliver("1", command(1, "hang"));
        long start = System.nanoTime();
        assertEquals(CheckinRun.Outcome.CAPPED, run.await());
        long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(took >= 1050 && took < 5000, took + " ms"); // the cap, with room for a loaded machine
        assertTrue(relay.settled.isEmpty(), "left in the queue: " + relay.settled);
    }

    @Test
    void theCapIsElevenTenthsOfTheModuleTimeout() {
        assertEquals(Duration.ofSeconds(330), CheckinRun.cap(Duration.ofSeconds(300)));
    }
}
