package io.gator.scheduler.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.typesafe.config.ConfigFactory;
import io.gator.core.command.Command;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.persistence.Database;
import io.gator.persistence.agent.AgentRepository;
import io.gator.relay.MigTopology;
import io.gator.relay.OutgoingMessage;
import io.gator.relay.amqp.AmqpRelay;
import io.gator.relay.amqp.RabbitVhost;
import io.gator.scheduler.SimulatedAgents;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Simulated agents that answer every command at once (confirmed, then acked), as one queue bound with every agent's
 * routing key: RabbitMQ caps channels per connection well below 10,000 consumers; the scheduler side is unchanged.
 */
final class AnsweringFleet implements AutoCloseable {
    private static final String QUEUE = "bench-agents";
    private final Connection raw;
    private final Channel channel;
    private final ActorSystem<Void> system;

    AnsweringFleet(RabbitVhost vhost, AmqpRelay agentRelay) throws Exception {
        system = ActorSystem.create(Behaviors.empty(), "agents",
                ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
        com.rabbitmq.client.ConnectionFactory f = new com.rabbitmq.client.ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setVirtualHost(vhost.name);
        f.setAutomaticRecoveryEnabled(false); // recovery bookkeeping makes 10,000 bindings quadratic
        raw = f.newConnection("bench-setup");
        channel = raw.createChannel();
        channel.queueDeclare(QUEUE, true, false, false, null);
        agentRelay.consume(QUEUE, 2000)
                .mapAsyncUnordered(200, m -> {
                    Command c = MigJson.read(m.body(), Command.class);
                    byte[] answer = MigJson.writeBytes(c.answered("success",
                            java.util.Collections.nCopies(c.action().operations().size(), Result.EMPTY)));
                    return agentRelay.publish(OutgoingMessage.result(answer, Optional.empty()))
                            .thenCompose(d -> m.ack()).exceptionally(e -> Done.getInstance());
                })
                .runWith(Sink.ignore(), system);
    }

    /** {@code n} agents named {@code prefix-N}, registered online and bound to the answering queue. */
    void add(Database db, String prefix, int n, AmqpRelay relay) throws Exception {
        SimulatedAgents fleet = new SimulatedAgents(relay, prefix, n, Duration.ZERO); // names only
        new AgentRepository(db, 500).upsertHeartbeats(fleet.heartbeats(), OffsetDateTime.now(ZoneOffset.UTC));
        for (String q : fleet.queueLocs) {
            channel.queueBind(QUEUE, MigTopology.TO_AGENTS, MigTopology.agentQueue(q));
        }
    }

    @Override
    public void close() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
        raw.close();
    }
}
