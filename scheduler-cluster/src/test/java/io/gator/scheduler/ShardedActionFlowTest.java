package io.gator.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.core.action.Counters;
import io.gator.core.command.Command;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.relay.FakeRelay;
import io.gator.relay.IncomingMessage;
import io.gator.scheduler.action.ActionEntity;
import io.gator.scheduler.action.Actions;
import io.gator.scheduler.action.FakeSelector;
import io.gator.scheduler.results.ResultRouter;
import io.gator.scheduler.results.ResultsConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole scheduler path on a one-node cluster: Create through sharding, commands published through the
 * relay, the agents' answers consumed from the results queue, routed by action id through sharding, acked
 * after persistence, and the action completed with exact counters.
 */
class ShardedActionFlowTest {
    static ActorTestKit kit;
    static FakeRelay relay = new FakeRelay();
    static SchedulerSettings settings;

    @BeforeAll
    static void setUp() {
        Config config = ConfigFactory.parseString("""
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical.hostname = 127.0.0.1
                pekko.remote.artery.canonical.port = 0
                pekko.cluster.roles = [scheduler]
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                """).withFallback(EventSourcedBehaviorTestKit.config()).withFallback(ConfigFactory.load());
        kit = ActorTestKit.create("ShardedActionFlowTest", config);
        settings = SchedulerSettings.from(config);
        Cluster cluster = Cluster.get(kit.system());
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        ActionEntity.initSharding(kit.system(), relay, FakeSelector.of(200), settings);
    }

    @AfterAll
    static void tearDown() {
        kit.shutdownTestKit();
    }

    ActionEntity.Summary get(EntityRef<ActionEntity.Command> ref) throws Exception {
        return ref.<StatusReply<ActionEntity.Summary>>ask(ActionEntity.Get::new, Duration.ofSeconds(10))
                .toCompletableFuture().get(15, TimeUnit.SECONDS).getValue();
    }

    @Test
    void anActionForTwoHundredAgentsCompletesThroughShardingAndTheResultsQueue() throws Exception {
        long id = 5150;
        EntityRef<ActionEntity.Command> ref = ClusterSharding.get(kit.system()).entityRefFor(ActionEntity.TYPE_KEY,
                Long.toString(id));
        StatusReply<ActionEntity.Summary> created = ref.<StatusReply<ActionEntity.Summary>>ask(
                rt -> new ActionEntity.Create(Actions.json(id), rt), Duration.ofSeconds(20))
                .toCompletableFuture().get(25, TimeUnit.SECONDS);
        assertTrue(created.isSuccess(), () -> String.valueOf(created));
        long deadline = System.currentTimeMillis() + 15_000;
        while (!ActionEntity.INFLIGHT.equals(get(ref).status())) {
            assertTrue(System.currentTimeMillis() < deadline, "never inflight: " + get(ref));
            Thread.sleep(20);
        }
        assertEquals(200, relay.published.size());

        // every agent answers; one answer arrives twice (redelivery), one message is garbage
        List<FakeMessage> answers = new ArrayList<>();
        for (var out : relay.published) {
            Command c = MigJson.read(out.body(), Command.class);
            String status = c.agent().pid() % 4 == 0 ? "failed" : "success";
            answers.add(new FakeMessage("mig.agt.results", MigJson.writeBytes(c.answered(status, List.of(Result.EMPTY)))));
        }
        answers.add(new FakeMessage("mig.agt.results", answers.get(0).body()));
        answers.add(new FakeMessage("mig.agt.results", "{\"garbage\": true}"));
        ResultsConsumer consumer = new ResultsConsumer(ResultRouter.sharded(kit.system(), Duration.ofSeconds(10)), settings);
        consumer.process(Source.from(new ArrayList<IncomingMessage>(answers))).runWith(Sink.ignore(), kit.system())
                .toCompletableFuture().get(30, TimeUnit.SECONDS);

        ActionEntity.Summary done = get(ref);
        assertEquals(ActionEntity.COMPLETED, done.status());
        assertEquals(new Counters(200, 200, 0, 150, 0, 0, 50, 0), done.counters());
        assertTrue(answers.stream().allMatch(m -> m.acks.get() == 1), "every message acked once, after persistence");
        assertEquals(new ResultsConsumer.Stats(200, 1, 1, 0), consumer.stats());
    }
}
