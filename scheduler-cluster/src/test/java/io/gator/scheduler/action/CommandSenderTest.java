package io.gator.scheduler.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.core.action.Action;
import io.gator.core.json.MigJson;
import io.gator.relay.FakeRelay;
import io.gator.scheduler.SchedulerSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    static final Config CONFIG = ConfigFactory.parseString("gator.scheduler.action { publish-parallelism = " + WINDOW
            + ", publish-retry-min = 50ms, publish-retry-max = 50ms }").withFallback(ConfigFactory.load());
    static final ActorTestKit KIT = ActorTestKit.create("CommandSenderTest", CONFIG);
    static final SchedulerSettings SETTINGS = SchedulerSettings.from(CONFIG);
    static final Action ACTION = MigJson.read(Actions.json(77), Action.class);

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    static List<CommandSender.Job> jobs(int n) {
        List<CommandSender.Job> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            jobs.add(new CommandSender.Job(1000 + i, new TargetAgent(i, "a-" + i, "linux.a-" + i, "", "", i)));
        }
        return jobs;
    }

    static ActorRef<CommandSender.Msg> sender(String name, FakeRelay relay, TestProbe<?> batcher, int targets) {
        Instant now = Instant.now();
        @SuppressWarnings("unchecked")
        ActorRef<io.gator.scheduler.action.ConfirmBatcher.Msg> b =
                (ActorRef<io.gator.scheduler.action.ConfirmBatcher.Msg>) (ActorRef<?>) batcher.ref();
        return KIT.spawn(CommandSender.create(ACTION, now.plus(Duration.ofHours(1)), now, targets, relay, b,
                SETTINGS, Clock.systemUTC()), name);
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

    @Test
    void liveChildrenNeverExceedTheWindowAndEachAgentGetsOneChildAndOneConfirmedPublish() throws Exception {
        int n = 100;
        FakeRelay relay = FakeRelay.holding();
        TestProbe<ConfirmBatcher.Msg> batcher = KIT.createTestProbe(ConfirmBatcher.Msg.class);
        ActorRef<CommandSender.Msg> sender = sender("sender-window", relay, batcher, n);
        sender.tell(new CommandSender.Enqueue(jobs(n)));

        Map<String, org.apache.pekko.actor.ActorRef> everyChild = new HashMap<>();
        int confirmed = 0;
        boolean failedOnce = false;
        for (int round = 0; confirmed < n; round++) {
            assertTrue(round < 20, "bounded: " + confirmed + " confirmed after 20 rounds");
            int live = Math.min(WINDOW, n - confirmed);
            List<FakeRelay.Pending> held = relay.awaitPending(live);
            Map<String, org.apache.pekko.actor.ActorRef> children = liveChildren(sender, live);
            assertTrue(children.size() <= WINDOW, "live children " + children.size() + " > window " + WINDOW);
            // every live child is publishing exactly the one command it is named after
            assertEquals(held.stream().map(p -> "cmd-" + (1000 + Integer.parseInt(name(p)))).collect(Collectors.toSet()),
                    children.keySet());
            for (var e : children.entrySet()) {
                var before = everyChild.putIfAbsent(e.getKey(), e.getValue());
                assertTrue(before == null || before.equals(e.getValue()), "a second child for " + e.getKey());
            }
            for (FakeRelay.Pending p : held) {
                boolean ok = failedOnce || p != held.get(0);
                failedOnce = true;
                relay.settle(p, ok);
                confirmed += ok ? 1 : 0;
            }
        }

        Set<Long> confirms = new HashSet<>();
        for (ConfirmBatcher.Msg m : batcher.receiveSeveralMessages(n)) {
            assertTrue(confirms.add(((ConfirmBatcher.Confirmed) m).commandId()), "confirmed twice: " + m);
        }
        batcher.expectNoMessage(Duration.ofMillis(200));
        Set<Long> all = jobs(n).stream().map(CommandSender.Job::commandId).collect(Collectors.toSet());
        assertEquals(all, confirms);
        assertEquals(all.stream().map(id -> "cmd-" + id).collect(Collectors.toSet()), everyChild.keySet());
        assertEquals(n + 1, relay.attempts.size(), "one publish per agent plus the one retried");
        Map<String, Long> perAgent = relay.published.stream()
                .collect(Collectors.groupingBy(m -> m.routingKey(), Collectors.counting()));
        assertEquals(n, perAgent.size());
        assertTrue(perAgent.values().stream().allMatch(c -> c == 1), "an agent's command confirmed twice");
        liveChildren(sender, 0);
        KIT.stop(sender);
    }

    @Test
    void forgetStopsAPublishingChildWithoutAConfirmAndStoppingTheSenderStopsEveryChild() throws Exception {
        int n = 40;
        FakeRelay relay = FakeRelay.holding();
        TestProbe<ConfirmBatcher.Msg> batcher = KIT.createTestProbe(ConfirmBatcher.Msg.class);
        ActorRef<CommandSender.Msg> sender = sender("sender-forget", relay, batcher, n);
        sender.tell(new CommandSender.Enqueue(jobs(n)));
        List<FakeRelay.Pending> held = relay.awaitPending(WINDOW);
        long forgotten = 1000 + Integer.parseInt(name(held.get(0)));
        long queued = 1000 + n - 1; // still waiting its turn
        sender.tell(new CommandSender.Forget(List.of(forgotten, queued)));
        // the forgotten child is gone and its slot went to the next command in the queue
        Map<String, org.apache.pekko.actor.ActorRef> children = liveChildren(sender, WINDOW);
        assertFalse(children.containsKey("cmd-" + forgotten));
        relay.settle(held.get(0), true); // the broker confirms the forgotten publish after all: nothing to persist
        batcher.expectNoMessage(Duration.ofMillis(200));

        KIT.stop(sender);
        liveChildren(sender, 0);
        assertEquals(WINDOW + 1, relay.attempts.size(), "nothing published once the sender stopped");
        assertFalse(relay.attempts.stream().anyMatch(p -> name(p).equals(Long.toString(queued - 1000))),
                "a forgotten queued command is never published");
    }
}
