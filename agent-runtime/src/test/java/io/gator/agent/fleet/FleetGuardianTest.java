package io.gator.agent.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gator.core.action.Action;
import io.gator.core.action.Operation;
import io.gator.core.agent.Agent;
import io.gator.core.agent.AgentEnv;
import io.gator.core.command.Command;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.relay.IncomingMessage;
import io.gator.relay.MigTopology;
import io.gator.relay.OutgoingMessage;
import io.gator.relay.local.LocalRelay;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;

/** A fleet of simulated agents in one JVM: every agent heartbeats, and every agent answers its command once. */
class FleetGuardianTest {

    @Test
    void everySimulatedAgentHeartbeatsAnswersItsCommandExactlyOnceAndDropsOversizedOnesUnread() throws Exception {
        int n = 500;
        ActorTestKit kit = ActorTestKit.create();
        LocalRelay relay = new LocalRelay();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            relay.declareSchedulerTopology().toCompletableFuture().get();
            Set<String> beats = ConcurrentHashMap.newKeySet();
            Map<Long, Integer> answers = new ConcurrentHashMap<>();
            var mat = org.apache.pekko.stream.Materializer.matFromSystem(kit.system());
            relay.consume(MigTopology.HEARTBEATS, 1000).runWith(Sink.foreach((IncomingMessage m) -> {
                beats.add(MigJson.read(m.body(), Agent.class).queueLoc());
                m.ack();
            }), mat);
            relay.consume(MigTopology.RESULTS, 1000).runWith(Sink.foreach((IncomingMessage m) -> {
                Command c = MigJson.read(m.body(), Command.class);
                if (c.status().equals("success")) {
                    answers.merge(c.id(), 1, Integer::sum);
                }
                m.ack();
            }), mat);
            FleetGuardian.Settings s = new FleetGuardian.Settings(n, "sim", "fleettest", Duration.ofHours(1),
                    Duration.ofSeconds(30), 2, Map.of("fleet", "test"), "t", AgentEnv.EMPTY, 100,
                    64 * 1024, 1 << 20);
            kit.spawn(FleetGuardian.create(s, relay, c -> { }, (module, params) -> new Result(true, true,
                    JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode(), List.of()),
                    threads, Clock.systemUTC()), "fleet");
            await(() -> beats.size() == n, "a heartbeat from every agent");
            OffsetDateTime now = OffsetDateTime.now();
            Action a = Action.of(1, "fleet", "status='online'", now.minusMinutes(1), now.plusMinutes(5),
                    List.of(new Operation("file", JsonNodeFactory.instance.objectNode())))
                    .withSignatures(List.of("sig"));
            for (int i = 0; i < n; i++) {
                String q = FleetGuardian.queueLoc(s, i);
                await(() -> relay.unackedCount(MigTopology.agentQueue(q)) >= 0, "queue");
                relay.publish(OutgoingMessage.toAgent(q, MigJson.writeBytes(Command.sent(1000 + i, a, now)),
                        Optional.empty())).toCompletableFuture().get(5, TimeUnit.SECONDS);
            }
            await(() -> answers.size() == n, "an answer from every agent");
            Thread.sleep(200);
            assertEquals(n, answers.size());
            assertTrue(answers.values().stream().allMatch(v -> v == 1), "no agent answered twice");
            Set<String> distinct = new HashSet<>(beats);
            assertEquals(n, distinct.size());

            // the agents' size limit: an oversized command is acked unread, the next one answered
            String q0 = FleetGuardian.queueLoc(s, 0);
            Action big = a.withId(2).withName("x".repeat(64 * 1024));
            relay.publish(OutgoingMessage.toAgent(q0, MigJson.writeBytes(Command.sent(5000, big, now)), Optional.empty())).toCompletableFuture().get(5, TimeUnit.SECONDS);
            relay.publish(OutgoingMessage.toAgent(q0, MigJson.writeBytes(Command.sent(6000, a, now)), Optional.empty())).toCompletableFuture().get(5, TimeUnit.SECONDS);
            await(() -> answers.containsKey(6000L), "the command after the oversized one answered");
            await(() -> relay.unackedCount(MigTopology.agentQueue(q0)) == 0, "both acked");
            assertTrue(!answers.containsKey(5000L), "no answer to the oversized command");
        } finally {
            kit.shutdownTestKit();
            threads.shutdownNow();
            relay.close();
        }
    }

    static void await(java.util.function.BooleanSupplier cond, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
