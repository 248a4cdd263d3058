package io.gator.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.core.action.Counters;
import io.gator.scheduler.action.ActionEntity;
import io.gator.scheduler.action.TargetAgent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.jackson.JacksonJsonSerializer;
import org.junit.jupiter.api.Test;

/** Cluster formation derived from gator.cluster, and the wire format of everything that crosses nodes. */
class ClusterConfigTest {

    @Test
    void seedNodesRolesResolverAndManagementComeFromGatorCluster() {
        Config c = ClusterConfig.withCluster(ConfigFactory.parseString("""
                gator.cluster.system-name = "mig-prod"
                gator.cluster.hostname = "10.0.0.5"
                gator.cluster.port = 2552
                gator.cluster.seed-nodes = ["10.0.0.5:2552", "10.0.0.6:2552"]
                gator.cluster.roles = [scheduler, api]
                gator.cluster.split-brain-resolver.stable-after = 7s
                gator.cluster.management.port = 9101
                """));
        assertEquals("cluster", c.getString("pekko.actor.provider"));
        assertEquals(List.of("pekko://mig-prod@10.0.0.5:2552", "pekko://mig-prod@10.0.0.6:2552"),
                c.getStringList("pekko.cluster.seed-nodes"));
        assertEquals(List.of("scheduler", "api"), c.getStringList("pekko.cluster.roles"));
        assertEquals("10.0.0.5", c.getString("pekko.remote.artery.canonical.hostname"));
        assertEquals(2552, c.getInt("pekko.remote.artery.canonical.port"));
        assertEquals("keep-majority", c.getString("pekko.cluster.split-brain-resolver.active-strategy"));
        assertEquals(Duration.ofSeconds(7), c.getDuration("pekko.cluster.split-brain-resolver.stable-after"));
        assertEquals("org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
                c.getString("pekko.cluster.downing-provider-class"));
        assertEquals(9101, c.getInt("pekko.management.http.port"));
        assertEquals("127.0.0.1", c.getString("pekko.management.http.hostname"));
        assertFalse(c.getBoolean("pekko.actor.allow-java-serialization"));
        assertTrue(c.getBoolean("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook"), "graceful leave on SIGTERM");
        assertTrue(c.getBoolean("pekko.cluster.run-coordinated-shutdown-when-down"));
        assertEquals("mig-prod", ClusterConfig.systemName(c));
    }

    @Test
    void pekkoKeysSetByTheDeployFileWinOverTheDerivedOnes() {
        Config c = ClusterConfig.withCluster(ConfigFactory.parseString("""
                pekko.cluster.seed-nodes = ["pekko://gator@sched-1.example.net:25520"]
                pekko.remote.artery.canonical.port = 25999
                gator.cluster.roles = [api]
                """));
        assertEquals(List.of("pekko://gator@sched-1.example.net:25520"), c.getStringList("pekko.cluster.seed-nodes"));
        assertEquals(25999, c.getInt("pekko.remote.artery.canonical.port"));
        assertEquals(List.of("api"), c.getStringList("pekko.cluster.roles"));
        assertEquals("cluster", c.getString("pekko.actor.provider"));
    }

    @Test
    void aGatorClusterKeyGivenAsSystemPropertyReachesPekko() {
        System.setProperty("gator.cluster.port", "25777");
        System.setProperty("gator.cluster.management.hostname", "10.9.9.9");
        ConfigFactory.invalidateCaches();
        try {
            Config c = ClusterConfig.withCluster(ConfigFactory.parseString("gator.cluster.port = 2552"));
            assertEquals(25777, c.getInt("pekko.remote.artery.canonical.port"), "a system property wins over the file");
            assertEquals("10.9.9.9", c.getString("pekko.management.http.hostname"));
        } finally {
            System.clearProperty("gator.cluster.port");
            System.clearProperty("gator.cluster.management.hostname");
            ConfigFactory.invalidateCaches();
        }
    }

    @Test
    void withoutGatorClusterKeysTheNodeGetsTheGatorClusterDefaults() {
        Config c = ClusterConfig.withCluster(ConfigFactory.empty());
        assertEquals("cluster", c.getString("pekko.actor.provider"));
        assertEquals(List.of("pekko://gator@127.0.0.1:25520"), c.getStringList("pekko.cluster.seed-nodes"));
        assertEquals(25520, c.getInt("pekko.remote.artery.canonical.port"));
        assertEquals(List.of("scheduler"), c.getStringList("pekko.cluster.roles"));
        assertEquals(8558, c.getInt("pekko.management.http.port"));
    }

    @Test
    void badSeedOrStrategyIsRefusedNamingTheKey() {
        var badSeed = assertThrows(IllegalArgumentException.class, () -> ClusterConfig.withCluster(ConfigFactory
                .parseString("gator.cluster.seed-nodes = [\"pekko://gator@h:1\", \"nohost\"]")
));
        assertTrue(badSeed.getMessage().contains("gator.cluster.seed-nodes"), badSeed.getMessage());
        var badStrategy = assertThrows(IllegalArgumentException.class, () -> ClusterConfig.withCluster(ConfigFactory
                .parseString("gator.cluster.split-brain-resolver.active-strategy = keep-everything")
));
        assertTrue(badStrategy.getMessage().contains("keep-everything"), badStrategy.getMessage());
    }

    @Test
    void everyMessageCrossingNodesIsJacksonJsonAndRoundTripsWithJavaSerializationOff() {
        Config config = ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load());
        ActorTestKit kit = ActorTestKit.create("ClusterConfigTest", config);
        try {
            SerializationTestKit ser = new SerializationTestKit(kit.system());
            ActorRef<StatusReply<ActionEntity.Summary>> summaryTo = kit.<StatusReply<ActionEntity.Summary>>createTestProbe().ref();
            ActorRef<StatusReply<ActionEntity.ResultsAck>> ackTo = kit.<StatusReply<ActionEntity.ResultsAck>>createTestProbe().ref();
            Instant now = Instant.parse("2026-11-23T09:00:00Z");
            TargetAgent agent = new TargetAgent(7, "host7", "linux.q7", "daemon", "1.0", 107);
            var summary = new ActionEntity.Summary(5, "inflight", new Counters(2, 1, 1, 1, 0, 0, 0, 0), 2);
            List<Object> messages = List.of(
                    new ActionEntity.Create("{\"id\":5}", summaryTo),
                    new ActionEntity.Create("{\"id\":5}", ActionEntity.Requester.PLATFORM, summaryTo, true),
                    new ActionEntity.AgentsSeen(List.of("linux.q7")),
                    new ActionEntity.Cancel(summaryTo),
                    new ActionEntity.Get(summaryTo),
                    new ActionEntity.SendConfirmed(List.of(1L, 2L)),
                    new ActionEntity.ResultsReceived(List.of(new ActionEntity.IncomingResult(1, "success", "[]", "q")), ackTo),
                    ActionEntity.Expire.INSTANCE,
                    new ActionEntity.ResultsAck(1, 0),
                    summary,
                    new ActionEntity.ActionCreated(5, "{}", "status='online'", now, now.plusSeconds(60), now),
                    new ActionEntity.TargetsResolved(List.of(new ActionEntity.Target(1, agent)), now),
                    new ActionEntity.ActionCreated(5, "{}", "status='online'", now, now.plusSeconds(60), now, 3, "alice",
                            true),
                    new ActionEntity.TargetsExtended(List.of(new ActionEntity.Target(2, agent)), now),
                    new ActionEntity.State(5, "inflight", "{}", "all", now, now, Map.of(), Counters.ZERO, now,
                            Instant.EPOCH, true),
                    new ActionEntity.CommandsSent(List.of(1L), now),
                    new ActionEntity.CommandsFinished(List.of(new ActionEntity.Finished(1, "success", "[]")), now),
                    new ActionEntity.ActionCancelled(now),
                    new ActionEntity.ActionExpired(now),
                    new ActionEntity.ActionCompleted(now),
                    new ActionEntity.ActionInvalid("bad", now),
                    new ActionEntity.State(5, "inflight", "{}", "all", now, now, Map.of(1L, new ActionEntity.Cmd(agent, "sent")),
                            Counters.ZERO, now, Instant.EPOCH));
            for (Object m : messages) {
                assertEquals(JacksonJsonSerializer.class,
                        SerializationExtension.get(kit.system().classicSystem()).findSerializerFor(m).getClass(),
                        m.getClass().getName());
                ser.verifySerialization(m, true);
            }
            // replies travel as StatusReply around the Jackson payload (Pekko's own serializer, not Java)
            ser.verifySerialization(StatusReply.success(summary), true);
            // journals written before late reach hold no lateReach: such an action is read as one without it
            var created = new ActionEntity.ActionCreated(5, "{}", "status='online'", now, now.plusSeconds(60), now, 3,
                    "alice", true);
            var jackson = (JacksonJsonSerializer) SerializationExtension.get(kit.system().classicSystem())
                    .findSerializerFor(created);
            String json = new String(jackson.toBinary(created), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(json.contains(",\"lateReach\":true"), json);
            byte[] old = json.replace(",\"lateReach\":true", "").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            var back = (ActionEntity.ActionCreated) jackson.fromBinary(old, jackson.manifest(created));
            assertFalse(back.lateReach());
            assertEquals("alice", back.postedBy());
        } finally {
            kit.shutdownTestKit();
        }
    }
}
