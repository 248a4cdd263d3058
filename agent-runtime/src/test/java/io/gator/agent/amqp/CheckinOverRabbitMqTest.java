package io.gator.agent.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.typesafe.config.Config;
import io.gator.agent.AgentMain;
import io.gator.agent.QueueLocation;
import io.gator.agent.heartbeat.HostFacts;
import io.gator.core.agent.Agent;
import io.gator.core.command.Command;
import io.gator.core.json.MigJson;
import io.gator.core.sign.KeyGen;
import io.gator.relay.MigTopology;
import io.gator.relay.OutgoingMessage;
import io.gator.relay.amqp.AmqpRelay;
import io.gator.relay.amqp.AmqpSettings;
import io.gator.relay.amqp.RabbitVhost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkin run on the real RabbitMQ: the commands waiting in its queue are answered, then it exits by itself. */
class CheckinOverRabbitMqTest {

    @Test
    void twoSignedCommandsWaitingAreAnsweredAndTheRunExitsZeroWithOneCheckinHeartbeat(@TempDir Path dir)
            throws Exception {
        KeyGen.GeneratedKey alice = KeyGen.rsa("alice <alice@example.net>", 2048);
        Path etc = AgentOverRabbitMqTest.trustAliceOver(dir, alice);
        // the queue the agent will consume: its location is kept in run-dir
        String queueLoc = QueueLocation.loadOrCreate(dir.resolve("run"), HostFacts.osFamily());

        try (RabbitVhost vhost = new RabbitVhost()) {
            Config config = AgentOverRabbitMqTest.agentConfig(dir,
                    "name = \"checkin-it\", checkin = on, checkin-idle = 500ms");
            AmqpSettings amqp = AmqpSettings.fromRoot(config).withUri(vhost.uri()).withConnectionName("checkin-it");
            try (AmqpRelay scheduler = AmqpRelay.start(amqp.withConnectionName("scheduler-it"));
                 AmqpRelay agentRelay = AmqpRelay.start(amqp)) {
                scheduler.declareSchedulerTopology().toCompletableFuture().get();
                scheduler.declareAgentQueue(queueLoc).toCompletableFuture().get();
                for (long id : new long[] {21, 22}) {
                    scheduler.publish(OutgoingMessage.toAgent(queueLoc, AgentOverRabbitMqTest.command(id, etc, alice),
                            Optional.of(Duration.ofMinutes(5)))).toCompletableFuture().get();
                }

                assertEquals(0, AgentMain.checkin(config, agentRelay, System.err));

                try (Connection raw = vhost.rawConnection(); Channel ch = raw.createChannel()) {
                    Command first = MigJson.read(AgentOverRabbitMqTest.poll(ch, MigTopology.RESULTS).getBody(),
                            Command.class);
                    Command second = MigJson.read(AgentOverRabbitMqTest.poll(ch, MigTopology.RESULTS).getBody(),
                            Command.class);
                    assertEquals(Set.of(21L, 22L), Set.of(first.id(), second.id()));
                    assertEquals("success", first.status());
                    assertEquals("success", second.status());
                    Agent beat = MigJson.read(AgentOverRabbitMqTest.poll(ch, MigTopology.HEARTBEATS).getBody(),
                            Agent.class);
                    assertEquals("checkin", beat.mode());
                    assertEquals(0, ch.messageCount(MigTopology.HEARTBEATS), "one heartbeat only");
                    assertEquals(0, ch.messageCount(MigTopology.agentQueue(queueLoc)), "queue emptied");
                }
            }
        }
    }
}
