package io.gator.relay.amqp;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A throw-away vhost on the local RabbitMQ, managed with rabbitmqctl. */
public final class RabbitVhost implements AutoCloseable {
    public final String name = "gator-test-" + UUID.randomUUID().toString().substring(0, 8);

    public RabbitVhost() {
        ctl("add_vhost", name);
        ctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
    }

    public URI uri() {
        return URI.create("amqp://guest:guest@127.0.0.1:5672/" + name);
    }

    /** A raw amqp-client connection to the vhost, for checks independent of the relay. */
    public Connection rawConnection() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setVirtualHost(name);
        return f.newConnection("raw-check");
    }

    /** Runs rabbitmqctl and returns its stdout; fails on a non-zero exit. */
    public static String ctl(String... args) {
        try {
            List<String> cmd = new java.util.ArrayList<>(List.of("rabbitmqctl", "-s"));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run rabbitmqctl: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        ctl("delete_vhost", name);
    }
}
