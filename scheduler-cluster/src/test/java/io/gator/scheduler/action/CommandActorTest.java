package io.gator.scheduler.action;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.relay.FakeRelay;
import io.gator.scheduler.SchedulerSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class CommandActorTest {
    static final ActorTestKit KIT = ActorTestKit.create("CommandActorTest");

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    static final TargetAgent AGENT = new TargetAgent(3, "web-3", "linux.web-3", "daemon", "v", 33);

    @Test
    void itsStartAndEachPublishAreOneAttemptAnsweredWithTheBrokersVerdictAndTheChildStopsOnceConfirmed() throws Exception {
        FakeRelay relay = FakeRelay.holding();
        TestProbe<CommandSender.Msg> parent = KIT.createTestProbe(CommandSender.Msg.class);
        byte[] body = "{\"spliced\":\"body\"}".getBytes(StandardCharsets.UTF_8);
        CompletableFuture<CommandActor.Outcome> first = new CompletableFuture<>();
        ActorRef<CommandActor.Msg> child = KIT.spawn(CommandActor.create(new CommandSender.Job(7, AGENT), body,
                Instant.now().plus(Duration.ofHours(1)), relay, parent.ref(), Clock.systemUTC(), first), "cmd-7");
        relay.settle(relay.awaitPending(1).get(0), false);
        CommandActor.Failed failed = (CommandActor.Failed) first.get(5, TimeUnit.SECONDS);
        assertEquals(7, failed.commandId());
        CommandSender.Failed reported = parent.expectMessageClass(CommandSender.Failed.class);
        assertEquals(7, reported.commandId(), "the parent hears of the failure (for its log)");
        Thread.sleep(200);
        assertEquals(1, relay.attempts.size(), "a failed attempt is not retried by the child itself");

        CompletableFuture<CommandActor.Outcome> retry = new CompletableFuture<>();
        child.tell(new CommandActor.Publish(retry)); // the stream's retry
        relay.settle(relay.awaitPending(1).get(0), true);
        assertEquals(new CommandActor.Confirmed(7), retry.get(5, TimeUnit.SECONDS));
        parent.expectTerminated(child);

        assertEquals(2, relay.attempts.size(), "no attempt but the first and the one asked for");
        for (FakeRelay.Pending p : relay.attempts) {
            assertEquals("mig.agt.linux.web-3", p.message().routingKey());
            assertArrayEquals(body, p.message().body(), "the body handed over is published as is");
            Duration ttl = p.message().expiration().orElseThrow();
            assertTrue(ttl.compareTo(Duration.ofMinutes(59)) > 0 && ttl.compareTo(Duration.ofHours(1)) <= 0,
                    "TTL is the time left until expireafter: " + ttl);
        }
    }

    @Test
    void forgettingAChildAnswersItsAttemptInFlightAsForgottenAndStopsIt() throws Exception {
        FakeRelay relay = FakeRelay.holding();
        TestProbe<CommandSender.Msg> parent = KIT.createTestProbe(CommandSender.Msg.class);
        CompletableFuture<CommandActor.Outcome> attempt = new CompletableFuture<>();
        ActorRef<CommandActor.Msg> child = KIT.spawn(CommandActor.create(new CommandSender.Job(9, AGENT),
                new byte[] {'{', '}'}, Instant.now().plus(Duration.ofHours(1)), relay, parent.ref(),
                Clock.systemUTC(), attempt), "cmd-9");
        FakeRelay.Pending p = relay.awaitPending(1).get(0);
        child.tell(CommandActor.Forget.INSTANCE);
        assertEquals(new CommandActor.Forgotten(9), attempt.get(5, TimeUnit.SECONDS));
        parent.expectTerminated(child);
        relay.settle(p, true); // a late confirm goes nowhere
        parent.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void aCommandOfAnActionExpiringInTheYear9999IsPublishedWithATtlTheBrokerAccepts() throws Exception {
        FakeRelay relay = FakeRelay.holding();
        TestProbe<CommandSender.Msg> parent = KIT.createTestProbe(CommandSender.Msg.class);
        TargetAgent agent = new TargetAgent(4, "web-4", "linux.web-4", "daemon", "v", 44);
        CompletableFuture<CommandActor.Outcome> attempt = new CompletableFuture<>();
        KIT.spawn(CommandActor.create(new CommandSender.Job(8, agent), new byte[] {'{', '}'},
                Instant.parse("9999-12-31T00:00:00Z"), relay, parent.ref(), Clock.systemUTC(), attempt), "cmd-8");
        FakeRelay.Pending p = relay.awaitPending(1).get(0);
        // RabbitMQ closes the channel on a TTL past its maximum (measured: 10^11 ms accepted, 10^12 refused)
        assertEquals(CommandActor.MAX_TTL, p.message().expiration().orElseThrow());
        assertTrue(CommandActor.MAX_TTL.toMillis() < 100_000_000_000L);
        relay.settle(p, true);
        assertEquals(new CommandActor.Confirmed(8), attempt.get(5, TimeUnit.SECONDS));
    }
}
