package io.gator.scheduler.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.core.action.Action;
import io.gator.core.json.MigJson;
import io.gator.relay.FakeRelay;
import io.gator.relay.Relay;
import io.gator.scheduler.SchedulerSettings;
import java.time.Clock;
import java.time.Duration;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.pekko.actor.ActorIdentity;
import org.apache.pekko.actor.Identify;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class CommandSenderTest {
    static final int WINDOW = 16;
    static final int RETRY_WINDOW = 4;
    static final Config CONFIG = ConfigFactory.parseString("gator.scheduler.action { publish-parallelism = " + WINDOW
            + ", publish-retry-parallelism = " + RETRY_WINDOW + ", publish-retry-min = 50ms, publish-retry-max = 50ms,"
            + " publish-retry-random-factor = 0 }").withFallback(ConfigFactory.load());
    static final ActorTestKit KIT = ActorTestKit.create("CommandSenderTest", CONFIG);
    static final SchedulerSettings SETTINGS = SchedulerSettings.from(CONFIG);
    static final Action ACTION = MigJson.read(Actions.json(77), Action.class);

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    static SchedulerSettings settings(String action) {
        return SchedulerSettings.from(ConfigFactory.parseString("gator.scheduler.action { " + action + " }")
                .withFallback(CONFIG));
    }

    static List<CommandSender.Job> jobs(int n) {
        List<CommandSender.Job> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            jobs.add(new CommandSender.Job(1000 + i, new TargetAgent(i, "a-" + i, "linux.a-" + i, "", "", i)));
        }
        return jobs;
    }

    static ActorRef<CommandSender.Msg> sender(String name, FakeRelay relay, TestProbe<ActionEntity.Command> entity,
                                              int targets, SchedulerSettings settings) {
        Instant now = Instant.now();
        return KIT.spawn(CommandSender.create(ACTION, now.plus(Duration.ofHours(1)), now, targets, relay, entity.ref(),
                settings, Clock.systemUTC()), name);
    }

    /** The confirmed command ids handed to the entity until {@code n} arrived; none twice, none after. */
    static Set<Long> confirmed(TestProbe<ActionEntity.Command> entity, int n) {
        Set<Long> ids = new HashSet<>();
        while (ids.size() < n) {
            ActionEntity.SendConfirmed m = entity.expectMessageClass(ActionEntity.SendConfirmed.class,
                    Duration.ofSeconds(10));
            for (long id : m.commandIds()) {
                assertTrue(ids.add(id), "confirmed twice: " + id);
            }
        }
        entity.expectNoMessage(Duration.ofMillis(200));
        return ids;
    }

    /** The sender's live children by name, asked with Identify (each live child answers exactly once). */
    static Map<String, org.apache.pekko.actor.ActorRef> liveChildren(ActorRef<CommandSender.Msg> sender,
                                                                   int expected) {
        TestProbe<ActorIdentity> probe = KIT.createTestProbe(ActorIdentity.class);
        KIT.system().classicSystem().actorSelection(sender.path().toStringWithoutAddress() + "/cmd-*")
                .tell(new Identify("children"), Adapter.toClassic(probe.ref()));
        Map<String, org.apache.pekko.actor.ActorRef> live = new HashMap<>();
        // answers until none comes for a second; no match at all answers once without a ref
        for (int i = 0; i <= expected + 1; i++) {
            ActorIdentity id;
            try {
                id = probe.receiveMessage(Duration.ofSeconds(1)); // a loaded CI machine answered after 300 ms
            } catch (AssertionError silence) {
                break;
            }
            id.getActorRef().ifPresent(ref -> live.put(ref.path().name(), ref));
        }
        // a late answer with a ref would be a child too many; a late empty one (a child that stopped while the
        // selection was resolved) says nothing about the live ones
        for (int i = 0; i <= expected; i++) {
            ActorIdentity late;
            try {
                late = probe.receiveMessage(Duration.ofMillis(200));
            } catch (AssertionError silence) {
                break;
            }
            late.getActorRef().ifPresent(ref -> live.put(ref.path().name(), ref));
        }
        assertEquals(expected, live.size(), "live children: " + live.keySet());
        return live;
    }

    static String name(FakeRelay.Pending p) {
        return p.message().routingKey().substring("mig.agt.linux.a-".length());
    }

    static Set<String> distinctAgents(List<FakeRelay.Pending> attempts) {
        return attempts.stream().map(CommandSenderTest::name).collect(Collectors.toSet());
    }

    @Test
    void liveChildrenNeverExceedTheWindowAndEachAgentGetsOneChildAndOneConfirmedPublish() throws Exception {
        int n = 100;
        FakeRelay relay = FakeRelay.holding();
        TestProbe<ActionEntity.Command> entity = KIT.createTestProbe(ActionEntity.Command.class);
        ActorRef<CommandSender.Msg> sender = sender("sender-window", relay, entity, n, SETTINGS);
        sender.tell(new CommandSender.Enqueue(jobs(n)));

        Map<String, org.apache.pekko.actor.ActorRef> everyChild = new HashMap<>();
        int confirmed = 0;
        for (int round = 0; confirmed < n; round++) {
            assertTrue(round < 20, "bounded: " + confirmed + " confirmed after 20 rounds");
            int live = Math.min(WINDOW, n - confirmed);
            List<FakeRelay.Pending> held = relay.awaitPending(live);
            Map<String, org.apache.pekko.actor.ActorRef> children = liveChildren(sender, live);
            // every live child is publishing exactly the one command it is named after
            assertEquals(held.stream().map(p -> "cmd-" + (1000 + Integer.parseInt(name(p)))).collect(Collectors.toSet()),
                    children.keySet());
            for (var e : children.entrySet()) {
                var before = everyChild.putIfAbsent(e.getKey(), e.getValue());
                assertTrue(before == null || before.equals(e.getValue()), "a second child for " + e.getKey());
            }
            for (FakeRelay.Pending p : held) {
                relay.settle(p, true);
                confirmed++;
            }
        }

        Set<Long> all = jobs(n).stream().map(CommandSender.Job::commandId).collect(Collectors.toSet());
        assertEquals(all, confirmed(entity, n));
        assertEquals(all.stream().map(id -> "cmd-" + id).collect(Collectors.toSet()), everyChild.keySet());
        assertEquals(n, relay.attempts.size(), "one publish per agent");
        liveChildren(sender, 0);
        KIT.stop(sender);
    }

    @Test
    void aFailedPublishIsRetriedByTheSameChildWithGrowingBackoffThenReportedConfirmed() throws Exception {
        FakeRelay relay = FakeRelay.holding();
        TestProbe<ActionEntity.Command> entity = KIT.createTestProbe(ActionEntity.Command.class);
        ActorRef<CommandSender.Msg> sender = sender("sender-retry", relay, entity, 1,
                settings("publish-retry-min = 100ms, publish-retry-max = 250ms"));
        sender.tell(new CommandSender.Enqueue(jobs(1)));
        org.apache.pekko.actor.ActorRef child = null;
        for (int failure = 0; failure < 4; failure++) {
            relay.awaitPending(1);
            var live = liveChildren(sender, 1);
            assertTrue(child == null || child.equals(live.get("cmd-1000")), "one child through every retry");
            child = live.get("cmd-1000");
            relay.settle(relay.pending.get(0), false);
            entity.expectNoMessage(Duration.ofMillis(20));
        }
        relay.settle(relay.awaitPending(1).get(0), true);
        ActionEntity.SendConfirmed sent = entity.expectMessageClass(ActionEntity.SendConfirmed.class);
        assertEquals(List.of(1000L), sent.commandIds());
        liveChildren(sender, 0);

        assertEquals(5, relay.attempts.size(), "four failed attempts and the confirmed one");
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < relay.attempts.size(); i++) {
            gaps.add((relay.attempts.get(i).atNanos() - relay.attempts.get(i - 1).atNanos()) / 1_000_000);
        }
        assertTrue(gaps.stream().allMatch(g -> g >= 100), "every retry waited publish-retry-min: " + gaps);
        assertTrue(gaps.get(3) >= 200, "the backoff grew: " + gaps);
        KIT.stop(sender);
    }

    @Test
    void whileTheBrokerFailsEveryPublishNoMoreThanTheWindowAndTheRetryWindowOfCommandsAreUnconfirmed()
            throws Exception {
        int n = 60;
        FakeRelay relay = new FakeRelay();
        relay.down.set(true);
        TestProbe<ActionEntity.Command> entity = KIT.createTestProbe(ActionEntity.Command.class);
        ActorRef<CommandSender.Msg> sender = sender("sender-outage", relay, entity, n, SETTINGS);
        sender.tell(new CommandSender.Enqueue(jobs(n)));
        Thread.sleep(1000); // about twenty retry rounds
        int attempts = relay.attempts.size();
        assertTrue(attempts > WINDOW + RETRY_WINDOW, "failed publishes are retried: " + attempts);
        Set<String> tried = distinctAgents(relay.attempts);
        // failures waiting for a retry slot keep theirs: no new command started
        assertEquals(WINDOW + RETRY_WINDOW, tried.size(), "commands tried: " + tried.size());
        liveChildren(sender, WINDOW + RETRY_WINDOW);
        entity.expectNoMessage(Duration.ofMillis(100));

        relay.down.set(false);
        Set<Long> all = jobs(n).stream().map(CommandSender.Job::commandId).collect(Collectors.toSet());
        assertEquals(all, confirmed(entity, n));
        assertEquals(n, relay.published.size(), "each command confirmed once");
        liveChildren(sender, 0);
        KIT.stop(sender);
    }

    @Test
    void confirmsReachTheEntityInBatchesOfAtMostConfirmBatchMax() throws Exception {
        int n = 100;
        FakeRelay relay = new FakeRelay(); // confirms at once
        TestProbe<ActionEntity.Command> entity = KIT.createTestProbe(ActionEntity.Command.class);
        ActorRef<CommandSender.Msg> sender = sender("sender-batches", relay, entity, n,
                settings("publish-parallelism = 100, confirm-batch-max = 40, confirm-gather-window = 1s"));
        sender.tell(new CommandSender.Enqueue(jobs(n)));
        List<Integer> sizes = new ArrayList<>();
        Set<Long> ids = new HashSet<>();
        while (ids.size() < n) {
            ActionEntity.SendConfirmed m = entity.expectMessageClass(ActionEntity.SendConfirmed.class,
                    Duration.ofSeconds(5));
            sizes.add(m.commandIds().size());
            ids.addAll(m.commandIds());
        }
        assertEquals(List.of(40, 40, 20), sizes, "full batches at once, the rest at the end of the gather window");
        entity.expectNoMessage(Duration.ofMillis(200));
        KIT.stop(sender);
    }

    @Test
    void forgetStopsAPublishingChildWithoutAConfirmAndStoppingTheSenderStopsEveryChild() throws Exception {
        int n = 40;
        FakeRelay relay = FakeRelay.holding();
        TestProbe<ActionEntity.Command> entity = KIT.createTestProbe(ActionEntity.Command.class);
        ActorRef<CommandSender.Msg> sender = sender("sender-forget", relay, entity, n, SETTINGS);
        sender.tell(new CommandSender.Enqueue(jobs(n)));
        List<FakeRelay.Pending> held = relay.awaitPending(WINDOW);
        long forgotten = 1000 + Integer.parseInt(name(held.get(0)));
        long queued = 1000 + n - 1; // still waiting its turn
        sender.tell(new CommandSender.Forget(List.of(forgotten, queued)));
        // the forgotten child is gone and its slot went to the next command in the queue
        relay.awaitPending(WINDOW + 1);
        Map<String, org.apache.pekko.actor.ActorRef> children = liveChildren(sender, WINDOW);
        assertFalse(children.containsKey("cmd-" + forgotten));
        relay.settle(held.get(0), true); // the broker confirms the forgotten publish after all: nothing to persist
        entity.expectNoMessage(Duration.ofMillis(200));

        KIT.stop(sender);
        liveChildren(sender, 0);
        assertEquals(WINDOW + 1, relay.attempts.size(), "nothing published once the sender stopped");
        assertFalse(relay.attempts.stream().anyMatch(p -> name(p).equals(Long.toString(queued - 1000))),
                "a forgotten queued command is never published");
    }

    @Test
    void aChildThatCrashesDuringItsPublishHasItsCommandRetriedByANewChild() throws Exception {
        FakeRelay relay = new FakeRelay();
        AtomicInteger calls = new AtomicInteger();
        // the first publish throws instead of returning a stage: the child making it crashes
        Relay crashingOnce = (Relay) Proxy.newProxyInstance(Relay.class.getClassLoader(), new Class<?>[] {Relay.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("publish") && calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("publish blew up (test)");
                    }
                    return method.invoke(relay, args);
                });
        TestProbe<ActionEntity.Command> entity = KIT.createTestProbe(ActionEntity.Command.class);
        Instant now = Instant.now();
        ActorRef<CommandSender.Msg> sender = KIT.spawn(CommandSender.create(ACTION, now.plus(Duration.ofHours(1)), now,
                1, crashingOnce, entity.ref(), SETTINGS, Clock.systemUTC()), "sender-crash");
        sender.tell(new CommandSender.Enqueue(jobs(1)));
        ActionEntity.SendConfirmed sent = entity.expectMessageClass(ActionEntity.SendConfirmed.class,
                Duration.ofSeconds(5));
        assertEquals(List.of(1000L), sent.commandIds());
        assertEquals(2, calls.get(), "the crashed attempt and the retried one");
        assertEquals(1, relay.published.size());
        KIT.stop(sender);
    }
}
