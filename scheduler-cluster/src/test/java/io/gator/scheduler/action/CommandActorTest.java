package io.gator.scheduler.action;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.relay.FakeRelay;
import io.gator.scheduler.SchedulerSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class CommandActorTest {
    static final Config CONFIG = ConfigFactory.parseString(
            "gator.scheduler.action { publish-retry-min = 100ms, publish-retry-max = 150ms }")
            .withFallback(ConfigFactory.load());
    static final ActorTestKit KIT = ActorTestKit.create("CommandActorTest", CONFIG);
    static final SchedulerSettings SETTINGS = SchedulerSettings.from(CONFIG);

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @Test
    void aPublishThatFailsTwiceIsRetriedWithGrowingBackoffAndConfirmedOnceThenTheChildStops() throws Exception {
        FakeRelay relay = FakeRelay.holding();
        TestProbe<CommandSender.Msg> parent = KIT.createTestProbe(CommandSender.Msg.class);
        TargetAgent agent = new TargetAgent(3, "web-3", "linux.web-3", "daemon", "v", 33);
        byte[] body = "{\"spliced\":\"body\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Instant expireAfter = Instant.now().plus(Duration.ofHours(1));
        ActorRef<CommandActor.Msg> child = KIT.spawn(CommandActor.create(new CommandSender.Job(7, agent), body,
                expireAfter, relay, parent.ref(), SETTINGS, Clock.systemUTC()), "cmd-7");

        relay.settle(relay.awaitPending(1).get(0), false);
        CommandSender.Failed first = parent.expectMessageClass(CommandSender.Failed.class);
        assertEquals(7, first.commandId());
        assertEquals(Duration.ofMillis(100), first.retryIn());
        relay.settle(relay.awaitPending(1).get(0), false);
        CommandSender.Failed second = parent.expectMessageClass(CommandSender.Failed.class);
        assertEquals(Duration.ofMillis(150), second.retryIn(), "doubled, capped at publish-retry-max");
        relay.settle(relay.awaitPending(1).get(0), true);
        parent.expectMessage(new CommandSender.Confirmed(7));
        parent.expectTerminated(child);
        parent.expectNoMessage(Duration.ofMillis(400));

        assertEquals(3, relay.attempts.size(), "two failed attempts and the one confirmed");
        assertEquals(1, relay.published.size());
        assertTrue(relay.attempts.get(1).atNanos() - relay.attempts.get(0).atNanos() >= 100_000_000L,
                "first retry waited publish-retry-min");
        assertTrue(relay.attempts.get(2).atNanos() - relay.attempts.get(1).atNanos() >= 150_000_000L,
                "second retry waited the doubled (capped) backoff");
        for (FakeRelay.Pending p : relay.attempts) {
            assertEquals("mig.agt.linux.web-3", p.message().routingKey());
            assertArrayEquals(body, p.message().body(), "the body handed over is published as is");
            Duration ttl = p.message().expiration().orElseThrow();
            assertTrue(ttl.compareTo(Duration.ofMinutes(59)) > 0 && ttl.compareTo(Duration.ofHours(1)) <= 0,
                    "TTL is the time left until expireafter: " + ttl);
        }
    }

    @Test
    void aCommandOfAnActionExpiringInTheYear9999IsPublishedWithATtlTheBrokerAccepts() throws Exception {
        FakeRelay relay = FakeRelay.holding();
        TestProbe<CommandSender.Msg> parent = KIT.createTestProbe(CommandSender.Msg.class);
        TargetAgent agent = new TargetAgent(4, "web-4", "linux.web-4", "daemon", "v", 44);
        KIT.spawn(CommandActor.create(new CommandSender.Job(8, agent), new byte[] {'{', '}'},
                Instant.parse("9999-12-31T00:00:00Z"), relay, parent.ref(), SETTINGS, Clock.systemUTC()), "cmd-8");
        FakeRelay.Pending p = relay.awaitPending(1).get(0);
        // RabbitMQ closes the channel on a TTL past its maximum (measured: 10^11 ms accepted, 10^12 refused)
        assertEquals(CommandActor.MAX_TTL, p.message().expiration().orElseThrow());
        assertTrue(CommandActor.MAX_TTL.toMillis() < 100_000_000_000L);
        relay.settle(p, true);
        parent.expectMessage(new CommandSender.Confirmed(8));
    }
}
