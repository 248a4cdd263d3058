package io.gator.platform.system;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.gator.relay.MigTopology;
import io.gator.relay.amqp.RabbitVhost;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The test's own AMQP connection to the platform's vhost, beside the relay: what a hostile or broken party on
 * the broker can send (any bytes to any of MIG's routing keys), and queues it reads itself (agents it plays).
 */
final class RawAmqp implements AutoCloseable {
    private final Connection connection;
    private final Channel channel;

    RawAmqp(RabbitVhost vhost) throws Exception {
        this.connection = vhost.rawConnection();
        this.channel = connection.createChannel();
        channel.confirmSelect();
    }

    /** Publishes as MIG's components do (persistent, text/plain) and waits for the broker's confirm. */
    void publish(String exchange, String routingKey, byte[] body) throws Exception {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType(MigTopology.CONTENT_TYPE)
                .deliveryMode(2).build();
        channel.basicPublish(exchange, routingKey, props, body);
        channel.waitForConfirmsOrDie(Duration.ofSeconds(30).toMillis());
    }

    void toAgent(String queueLoc, byte[] body) throws Exception {
        publish(MigTopology.TO_AGENTS, MigTopology.agentQueue(queueLoc), body);
    }

    void heartbeat(byte[] body) throws Exception {
        publish(MigTopology.TO_SCHEDULERS, MigTopology.HEARTBEATS, body);
    }

    void result(byte[] body) throws Exception {
        publish(MigTopology.TO_SCHEDULERS, MigTopology.RESULTS, body);
    }

    /** Declares an agent's queue bound as an agent binds it, so that commands for that queue location reach it. */
    void declareAgentQueue(String queueLoc) throws IOException {
        String q = MigTopology.agentQueue(queueLoc);
        channel.queueDeclare(q, true, false, false, null);
        channel.queueBind(q, MigTopology.TO_AGENTS, q);
    }

    /** Takes one message of a queue (acknowledged), if there is one. */
    Optional<byte[]> take(String queue) throws IOException {
        GetResponse r = channel.basicGet(queue, true);
        return Optional.ofNullable(r).map(GetResponse::getBody);
    }

    /**
     * Messages ready in a queue (not those delivered and unacknowledged: {@code rabbitmqctl list_queues messages}
     * counts both, at a second of CPU per call, so it is kept for the final checks).
     */
    long ready(String queue) throws IOException {
        return channel.queueDeclarePassive(queue).getMessageCount();
    }

    void purge(String queue) throws IOException {
        channel.queuePurge(queue);
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
