package io.gator.scheduler.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.agent.module.ModuleRegistry;
import io.gator.agent.module.RegistryModules;
import io.gator.agent.verify.CommandRefusedException;
import io.gator.agent.verify.SignedCommandVerifier;
import io.gator.core.acl.Acl;
import io.gator.core.action.Action;
import io.gator.core.agent.Agent;
import io.gator.core.command.Command;
import io.gator.core.json.MigJson;
import io.gator.relay.IncomingMessage;
import io.gator.relay.MigTopology;
import io.gator.relay.OutgoingMessage;
import io.gator.relay.amqp.AmqpRelay;
import io.gator.relay.amqp.AmqpSettings;
import io.gator.relay.amqp.RabbitVhost;
import io.gator.core.sign.KeyGen;
import io.gator.core.sign.Keyring;
import io.gator.core.sign.PgpVerifier;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.TestDatabase;
import io.gator.persistence.agent.AgentKillRepository;
import io.gator.persistence.agent.AgentRepository;
import io.gator.persistence.agent.AgentStatsRepository;
import io.gator.persistence.schema.SchemaInit;
import io.gator.scheduler.ClusterConfig;
import io.gator.scheduler.SchedulerNode;
import io.gator.scheduler.TestNodes;
import io.gator.scheduler.action.ActionEntity;
import io.gator.scheduler.key.KeySettings;
import io.gator.scheduler.key.SchedulerKey;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;

/**
 * Two agents on one host, heartbeating through the real RabbitMQ into a one-node scheduler on the real
 * PostgreSQL: the scheduler issues exactly one agentdestroy action for the older process, through the action
 * entity, signed with its own key; the command reaches the newer agent's queue, and an agent whose ACL lists
 * the exported scheduler key for agentdestroy accepts it.
 */
class DuplicateAgentsEndToEndTest {

    @Test
    void olderOfTwoAgentsOnOneHostGetsExactlyOneSignedKillOrder() throws Exception {
        try (TestDatabase tdb = TestDatabase.create(); Database db = Database.open(tdb.settings());
             RabbitVhost vhost = new RabbitVhost()) {
            SchemaInit.apply(db.dataSource(), Dialect.POSTGRES);
            AmqpSettings s = AmqpSettings.fromRoot(ConfigFactory.load()).withUri(vhost.uri());
            AmqpRelay schedulerRelay = AmqpRelay.start(s.withConnectionName("dup-scheduler"));
            AmqpRelay agentRelay = AmqpRelay.start(s.withConnectionName("dup-agents"));
            int port = TestNodes.freePort();
            Config config = TestNodes.config(tdb, port, port, 0, """
                    gator.scheduler.heartbeats.status-interval = 300ms
                    gator.scheduler.agents.kill-duplicates = on
                    gator.scheduler.key.rsa-bits = 2048
                    """);
            ActorSystem<Void> node = ActorSystem.create(SchedulerNode.create(schedulerRelay, db),
                    ClusterConfig.systemName(config), config);
            try {
                TestNodes.awaitReady(node);
                schedulerRelay.declareSchedulerTopology().toCompletableFuture().get(10, TimeUnit.SECONDS);
                agentRelay.declareAgentQueue("linux.dupold").toCompletableFuture().get(10, TimeUnit.SECONDS);
                agentRelay.declareAgentQueue("linux.dupnew").toCompletableFuture().get(10, TimeUnit.SECONDS);
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                publish(agentRelay, beat("linux.dupold", 31001, "20260101-0.old", now.minusHours(1), now));
                publish(agentRelay, beat("linux.dupnew", 31002, "20260301-0.new", now.minusMinutes(1), now));

                // acked inside the stream: once take(1) completes, the consumer's channel closes and a later ack fails
                IncomingMessage msg = agentRelay.consume(MigTopology.agentQueue("linux.dupnew"), 10)
                        .mapAsync(1, m -> m.ack().thenApply(done -> m))
                        .take(1).runWith(Sink.head(), node).toCompletableFuture().get(90, TimeUnit.SECONDS);
                Command cmd = MigJson.read(msg.body(), Command.class);
                Action a = cmd.action();
                assertEquals("Kill agent dup-host", a.name());
                assertEquals("queueloc='linux.dupnew'", a.target());
                assertEquals(1, a.operations().size());
                assertEquals("agentdestroy", a.operations().get(0).module());
                assertEquals(31001, a.operations().get(0).parameters().get("pid").asLong());
                assertEquals("20260101-0.old", a.operations().get(0).parameters().get("version").asText());

                // the signature verifies against the key an operator exports
                KeySettings ks = KeySettings.from(config);
                String exported = SchedulerKey.exportPublicKey(db, ks, Clock.systemUTC());
                String fp = SchedulerKey.ensure(db, ks, Clock.systemUTC()).fingerprint();
                Keyring keyring = Keyring.ofArmored(List.of(exported));
                assertEquals(List.of(fp), new PgpVerifier(keyring).verifyAction(a));

                // a real agent's gate: accepted with the scheduler in the agentdestroy ACL, refused without
                RegistryModules modules = new RegistryModules(ModuleRegistry.standard(), false, Path.of("/"));
                Acl withScheduler = Acl.parse("""
                        {"agentdestroy":{"minimumweight":1,"investigators":{"scheduler":{"fingerprint":"%s","weight":1}}}}
                        """.formatted(fp));
                new SignedCommandVerifier(new PgpVerifier(keyring), withScheduler, false, modules, Clock.systemUTC(),
                        Duration.ofMinutes(1)).verify(cmd);
                String other = KeyGen.ed25519("someone else").fingerprint();
                Acl withoutScheduler = Acl.parse("""
                        {"default":{"minimumweight":1,"investigators":{"other":{"fingerprint":"%s","weight":1}}}}
                        """.formatted(other));
                assertThrows(CommandRefusedException.class, () -> new SignedCommandVerifier(new PgpVerifier(keyring),
                        withoutScheduler, false, modules, Clock.systemUTC(), Duration.ofMinutes(1)).verify(cmd));

                // journaled and counted like any action: one command, to the newer agent
                ActionEntity.Summary summary = TestNodes.await(node, a.id(), Duration.ofSeconds(20),
                        st -> st.counters().sent() == 1, "sent its command");
                assertEquals(1, summary.targets());

                // more passes while both agents still look online: no second order
                long passes = count(db, "SELECT COUNT(*) FROM agents_stats");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (count(db, "SELECT COUNT(*) FROM agents_stats") < passes + 5) {
                    assertTrue(System.nanoTime() < deadline, "the status job stopped running");
                    Thread.sleep(100);
                }
                List<AgentKillRepository.Kill> kills = new AgentKillRepository(db, new AgentRepository(db, 10)).all();
                assertEquals(1, kills.size(), () -> "kill orders: " + kills);
                assertEquals("linux.dupold", kills.get(0).queueLoc());
                assertEquals(31001, kills.get(0).pid());
                assertEquals(a.id(), kills.get(0).actionId());
                assertTrue(kills.get(0).created());
                assertEquals(1, count(db, "SELECT COUNT(*) FROM actions WHERE name LIKE 'Kill agent %'"),
                        "the projection saw one kill action");

                // and the dashboard counters saw the endpoint with two agents
                AgentStatsRepository.AgentStats st = new AgentStatsRepository(db).latest().orElseThrow();
                assertEquals(2, st.onlineAgents());
                assertEquals(1, st.onlineEndpoints());
                assertEquals(1, st.multiAgentsEndpoints());
                assertEquals(1, st.flappingEndpoints());
            } finally {
                node.terminate();
                node.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
                schedulerRelay.close();
                agentRelay.close();
            }
        }
    }

    static Agent beat(String queue, long pid, String version, OffsetDateTime started, OffsetDateTime now) {
        return Agent.of("dup-host", queue).withMode("daemon").withProcess(version, pid)
                .withTimes(started, now, started);
    }

    static void publish(AmqpRelay relay, Agent hb) throws Exception {
        relay.publish(OutgoingMessage.heartbeat(MigJson.writeBytes(hb), Optional.empty()))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static long count(Database db, String sql) {
        try (Connection c = db.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
