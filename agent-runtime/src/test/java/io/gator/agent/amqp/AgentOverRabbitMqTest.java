package io.gator.agent.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.agent.AgentLauncher;
import io.gator.core.action.Action;
import io.gator.core.action.Operation;
import io.gator.core.action.SignedString;
import io.gator.core.agent.Agent;
import io.gator.core.command.Command;
import io.gator.core.json.MigJson;
import io.gator.relay.MigTopology;
import io.gator.relay.OutgoingMessage;
import io.gator.relay.amqp.AmqpRelay;
import io.gator.relay.amqp.AmqpSettings;
import io.gator.relay.amqp.RabbitVhost;
import io.gator.core.sign.KeyGen;
import io.gator.core.sign.PgpSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent on the real RabbitMQ: heartbeats arrive, a signed command comes back answered, a forged one refused,
 * and the same command published again is acked without a second run or answer.
 */
class AgentOverRabbitMqTest {

    @Test
    void signedCommandsAreAnsweredOnceOnResultsAndHeartbeatsArrive(@TempDir Path dir) throws Exception {
        KeyGen.GeneratedKey alice = KeyGen.rsa("alice <alice@example.net>", 2048);
        KeyGen.GeneratedKey mallory = KeyGen.rsa("mallory <m@example.net>", 2048);
        Path tree = trustAliceOver(dir, alice);

        try (RabbitVhost vhost = new RabbitVhost()) {
            Config config = agentConfig(dir, "name = \"it-agent\", heartbeat-interval = 1h");
            AmqpSettings amqp = AmqpSettings.fromRoot(config).withUri(vhost.uri()).withConnectionName("agent-it");
            try (AmqpRelay scheduler = AmqpRelay.start(amqp.withConnectionName("scheduler-it"));
                 AmqpRelay agentRelay = AmqpRelay.start(amqp)) {
                scheduler.declareSchedulerTopology().toCompletableFuture().get();
                AgentLauncher.Running agent = AgentLauncher.start(config, agentRelay, Clock.systemUTC());
                try (Connection raw = vhost.rawConnection(); Channel ch = raw.createChannel()) {
                    GetResponse hb = poll(ch, MigTopology.HEARTBEATS);
                    Agent beat = MigJson.read(hb.getBody(), Agent.class);
                    assertEquals("it-agent", beat.name());
                    assertEquals(agent.queueLoc(), beat.queueLoc());
                    assertEquals("text/plain", hb.getProps().getContentType());
                    assertEquals(2, hb.getProps().getDeliveryMode());

                    waitForQueue(ch, MigTopology.agentQueue(agent.queueLoc()));
                    byte[] eleven = command(11, dir.resolve("tree/etc"), alice);
                    scheduler.publish(OutgoingMessage.toAgent(agent.queueLoc(), eleven,
                            Optional.of(Duration.ofMinutes(5)))).toCompletableFuture().get();
                    Command answered = MigJson.read(poll(ch, MigTopology.RESULTS).getBody(), Command.class);
                    assertEquals(11, answered.id());
                    assertEquals("success", answered.status());
                    assertTrue(answered.results().get(0).foundAnything(), answered.results().toString());
                    assertTrue(MigJson.write(answered.results().get(0).elements()).contains("passwd"));

                    scheduler.publish(OutgoingMessage.toAgent(agent.queueLoc(),
                            command(12, dir.resolve("tree/etc"), mallory), Optional.of(Duration.ofMinutes(5))))
                            .toCompletableFuture().get();
                    GetResponse refusedMsg = poll(ch, MigTopology.RESULTS);
                    Command refused = MigJson.read(refusedMsg.getBody(), Command.class);
                    assertEquals(12, refused.id());
                    assertEquals("failed", refused.status());
                    assertTrue(refused.results().get(0).errors().get(0).startsWith("unknown signer"));
                    assertEquals("text/plain", refusedMsg.getProps().getContentType());
                    assertEquals(2, refusedMsg.getProps().getDeliveryMode());
                    assertEquals(String.valueOf(Duration.ofHours(10).toMillis()), refusedMsg.getProps().getExpiration());

                    // a scheduler that could not know command 11 went out publishes it again
                    scheduler.publish(OutgoingMessage.toAgent(agent.queueLoc(), eleven,
                            Optional.of(Duration.ofMinutes(5)))).toCompletableFuture().get();
                    scheduler.publish(OutgoingMessage.toAgent(agent.queueLoc(),
                            command(13, dir.resolve("tree/etc"), alice), Optional.of(Duration.ofMinutes(5))))
                            .toCompletableFuture().get();
                    assertEquals(13, MigJson.read(poll(ch, MigTopology.RESULTS).getBody(), Command.class).id());
                    Thread.sleep(1000);
                    assertEquals(0, ch.messageCount(MigTopology.RESULTS), "no second answer to command 11");
                    assertEquals("0\t0", queueCounts(vhost, MigTopology.agentQueue(agent.queueLoc())),
                            "agent queue: ready and unacked messages");
                } finally {
                    agent.stop();
                }
            }
        }
    }

    /** Alice's key in dir/keys, an ACL trusting her alone, and dir/tree/etc/passwd to search; returns dir/tree/etc. */
    static Path trustAliceOver(Path dir, KeyGen.GeneratedKey alice) throws Exception {
        Files.createDirectories(dir.resolve("keys"));
        Files.writeString(dir.resolve("keys/alice.asc"), alice.armoredPublicKey());
        Files.writeString(dir.resolve("acl.json"), "{\"default\":{\"minimumweight\":1,\"investigators\":{\"alice\":"
                + "{\"fingerprint\":\"" + alice.fingerprint() + "\",\"weight\":1}}}}");
        Path tree = Files.createDirectories(dir.resolve("tree/etc"));
        Files.writeString(tree.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        return tree;
    }

    /** The agent's config over dir (run-dir, keys, ACL) with the extra gator.agent settings. */
    static Config agentConfig(Path dir, String extra) {
        return ConfigFactory.parseString("gator.agent { run-dir = \"" + dir.resolve("run") + "\", keyring-dir = \""
                        + dir.resolve("keys") + "\", acl-file = \"" + dir.resolve("acl.json") + "\", " + extra + " }")
                .withFallback(ConfigFactory.load());
    }

    static byte[] command(long id, Path etc, KeyGen.GeneratedKey signer) throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Action a = Action.of(id * 100, "file it", "status='online'", now.minusMinutes(1), now.plusMinutes(5),
                List.of(new Operation("file", MigJson.tree("{\"searches\":{\"s1\":{\"paths\":[\""
                        + etc + "\"],\"names\":[\"^passwd$\"],\"contents\":[\"^root\"]}}}"))));
        a = a.withSignatures(List.of(PgpSigner.of(signer).sign(SignedString.of(a))));
        return MigJson.writeBytes(Command.sent(id, a, now));
    }

    private static String queueCounts(RabbitVhost vhost, String queue) {
        return RabbitVhost.ctl("list_queues", "-p", vhost.name, "name", "messages_ready", "messages_unacknowledged")
                .lines().filter(l -> l.startsWith(queue + "\t")).map(l -> l.substring(queue.length() + 1).trim())
                .findFirst().orElse("no queue " + queue);
    }

    static GetResponse poll(Channel ch, String queue) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            GetResponse r = ch.basicGet(queue, true);
            if (r != null) {
                return r;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("nothing arrived on " + queue);
    }

    private static void waitForQueue(Channel ch, String queue) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (Channel probe = ch.getConnection().createChannel()) {
                probe.queueDeclarePassive(queue);
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("agent queue " + queue + " never declared");
    }
}
