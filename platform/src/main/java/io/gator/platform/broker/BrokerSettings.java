package io.gator.platform.broker;

import com.typesafe.config.Config;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where and how the embedded AMQP broker listens.
 *
 * @param host    loopback address the AMQP port binds to; the broker speaks plain AMQP with
 *                PLAIN authentication, so it never listens beyond this host
 * @param port    0 for an ephemeral port (the broker reports the one it got), or a fixed port
 * @param vhost   the virtual host MIG uses ({@code mig})
 * @param dataDir where the broker keeps the vhost's exchanges, queues and bindings between runs;
 *                empty keeps everything in memory
 * @param user    the AMQP user name; its password is generated at every start, never configured
 */
public record BrokerSettings(String host, int port, String vhost, Optional<Path> dataDir, String user) {

    /** RabbitMQ's inter-node (distribution) port: taken on any machine that runs RabbitMQ. */
    public static final int RABBITMQ_DIST_PORT = 25672;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public BrokerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(vhost, "vhost");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(user, "user");
        if (!isLoopback(host)) {
            throw new IllegalArgumentException("gator.platform.broker.host must be a loopback address (the embedded"
                    + " broker has no TLS), got '" + host + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("gator.platform.broker.port must be 0..65535, got " + port);
        }
        if (port == RABBITMQ_DIST_PORT) {
            throw new IllegalArgumentException("gator.platform.broker.port must not be " + RABBITMQ_DIST_PORT
                    + " (RabbitMQ's inter-node port); use 0 for an ephemeral port");
        }
        if (!NAME.matcher(vhost).matches()) {
            throw new IllegalArgumentException("gator.platform.broker.vhost must match " + NAME + ", got '" + vhost + "'");
        }
        if (!NAME.matcher(user).matches()) {
            throw new IllegalArgumentException("gator.platform.broker.user must match " + NAME + ", got '" + user + "'");
        }
    }

    /** Loopback, ephemeral port, vhost {@code mig}, in memory only. */
    public static BrokerSettings inMemory() {
        return new BrokerSettings("127.0.0.1", 0, "mig", Optional.empty(), "gator");
    }

    /** The same settings with the broker's state kept under {@code dir}. */
    public BrokerSettings withDataDir(Path dir) {
        return new BrokerSettings(host, port, vhost, Optional.of(dir), user);
    }

    /** Reads {@code gator.platform.broker} (see the platform's reference.conf). */
    public static BrokerSettings fromConfig(Config config) {
        Config c = config.getConfig("gator.platform.broker");
        String dir = c.getString("data-dir").trim();
        return new BrokerSettings(c.getString("host"), c.getInt("port"), c.getString("vhost"),
                dir.isEmpty() ? Optional.empty() : Optional.of(Path.of(dir)), c.getString("user"));
    }

    private static boolean isLoopback(String host) {
        if (host.isBlank()) {
            return false;
        }
        try {
            // Only literal addresses and "localhost": no DNS lookup decides where a broker listens.
            if (!host.equals("localhost") && !host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                return false;
            }
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
