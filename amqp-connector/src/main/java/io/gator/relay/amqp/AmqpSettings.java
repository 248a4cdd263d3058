package io.gator.relay.amqp;

import com.typesafe.config.Config;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Settings of {@link AmqpRelay}, read from the {@code gator.relay.amqp} config section.
 *
 * @param uri             {@code amqp[s]://user:pass@host:port/vhost}
 * @param connectionName  client-provided connection name
 * @param heartbeat       AMQP heartbeat interval
 * @param connectionTimeout TCP connect and handshake timeout
 * @param confirmTimeout  how long a publish waits for its confirm
 * @param expiration      how the per-message expiration property is written
 * @param minBackoff      base of the reconnect backoff (the n-th retry waits {@code minBackoff * 2^n})
 * @param maxBackoff      largest reconnect delay
 * @param randomFactor    random fraction added to each reconnect delay
 * @param caFile          CA PEM for amqps (empty: JVM trust store)
 * @param certFile        client certificate PEM for mutual TLS
 * @param keyFile         client PKCS#8 key PEM for mutual TLS
 * @param publishChannels confirm-mode channels publishes are spread over (the broker routes each channel
 *                        in its own process, so several channels confirm faster than one)
 * @param consumerThreads threads that run consumer callbacks, shared by all channels (0: the AMQP client's own
 *                        pool, two per core; an agent, consuming one queue, needs one)
 */
public record AmqpSettings(URI uri, String connectionName, Duration heartbeat, Duration connectionTimeout,
                           Duration confirmTimeout, ExpirationMode expiration, Duration minBackoff,
                           Duration maxBackoff, double randomFactor, Optional<Path> caFile,
                           Optional<Path> certFile, Optional<Path> keyFile, int publishChannels,
                           int consumerThreads) {

    /** Publish channels when none are given. */
    public static final int DEFAULT_PUBLISH_CHANNELS = 4;

    /** Settings with the default number of publish channels. */
    public AmqpSettings(URI uri, String connectionName, Duration heartbeat, Duration connectionTimeout,
                        Duration confirmTimeout, ExpirationMode expiration, Duration minBackoff, Duration maxBackoff,
                        double randomFactor, Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile) {
        this(uri, connectionName, heartbeat, connectionTimeout, confirmTimeout, expiration, minBackoff, maxBackoff,
                randomFactor, caFile, certFile, keyFile, DEFAULT_PUBLISH_CHANNELS, 0);
    }

    /** Settings with the AMQP client's own consumer threads. */
    public AmqpSettings(URI uri, String connectionName, Duration heartbeat, Duration connectionTimeout,
                        Duration confirmTimeout, ExpirationMode expiration, Duration minBackoff, Duration maxBackoff,
                        double randomFactor, Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile,
                        int publishChannels) {
        this(uri, connectionName, heartbeat, connectionTimeout, confirmTimeout, expiration, minBackoff, maxBackoff,
                randomFactor, caFile, certFile, keyFile, publishChannels, 0);
    }

    /** How {@link io.gator.relay.OutgoingMessage#expiration()} becomes the AMQP {@code expiration} property. */
    public enum ExpirationMode {
        /** Relative TTL in milliseconds, decimal string: what MIG sends and RabbitMQ reads. */
        RELATIVE,
        /** Absolute epoch milliseconds (timestamp + TTL): what Qpid Broker-J reads. */
        ABSOLUTE,
        /** Never set the property. */
        OFF
    }

    public AmqpSettings {
        if (uri == null || !("amqp".equals(uri.getScheme()) || "amqps".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("gator.relay.amqp.uri must be amqp://... or amqps://..., got " + uri);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("gator.relay.amqp.uri has no host: " + uri);
        }
        connectionName = connectionName == null ? "" : connectionName;
        requirePositive("heartbeat", heartbeat);
        requirePositive("connection-timeout", connectionTimeout);
        requirePositive("publish-confirm-timeout", confirmTimeout);
        requirePositive("reconnect.min-backoff", minBackoff);
        requirePositive("reconnect.max-backoff", maxBackoff);
        if (maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("gator.relay.amqp.reconnect.max-backoff is below min-backoff");
        }
        if (randomFactor < 0 || Double.isNaN(randomFactor)) {
            throw new IllegalArgumentException("gator.relay.amqp.reconnect.random-factor must be >= 0, got " + randomFactor);
        }
        expiration = expiration == null ? ExpirationMode.RELATIVE : expiration;
        caFile = caFile == null ? Optional.empty() : caFile;
        certFile = certFile == null ? Optional.empty() : certFile;
        keyFile = keyFile == null ? Optional.empty() : keyFile;
        if (publishChannels < 1 || publishChannels > 64) {
            throw new IllegalArgumentException("gator.relay.amqp.publish-channels must be in 1..64, got " + publishChannels);
        }
        if (consumerThreads < 0 || consumerThreads > 256) {
            throw new IllegalArgumentException("gator.relay.amqp.consumer-threads must be in 0..256, got " + consumerThreads);
        }
        if (certFile.isPresent() != keyFile.isPresent()) {
            throw new IllegalArgumentException("gator.relay.amqp.tls.cert-file and key-file go together");
        }
    }

    private static void requirePositive(String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("gator.relay.amqp." + key + " must be a positive duration, got " + d);
        }
    }

    /** Reads the settings from a config whose root holds {@code gator.relay.amqp}. */
    public static AmqpSettings fromRoot(Config root) {
        return fromConfig(root.getConfig("gator.relay.amqp"));
    }

    /** Reads the settings from the {@code gator.relay.amqp} section itself. */
    public static AmqpSettings fromConfig(Config c) {
        URI uri;
        try {
            uri = new URI(c.getString("uri"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("gator.relay.amqp.uri is not a URI: " + e.getMessage(), e);
        }
        ExpirationMode mode;
        String m = c.getString("expiration");
        try {
            mode = ExpirationMode.valueOf(m.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gator.relay.amqp.expiration must be relative, absolute or off, got " + m);
        }
        return new AmqpSettings(uri, c.getString("connection-name"), c.getDuration("heartbeat"),
                c.getDuration("connection-timeout"), c.getDuration("publish-confirm-timeout"), mode,
                c.getDuration("reconnect.min-backoff"), c.getDuration("reconnect.max-backoff"),
                c.getDouble("reconnect.random-factor"), path(c, "tls.ca-file"), path(c, "tls.cert-file"),
                path(c, "tls.key-file"), c.hasPath("publish-channels") ? c.getInt("publish-channels")
                        : DEFAULT_PUBLISH_CHANNELS, c.hasPath("consumer-threads") ? c.getInt("consumer-threads") : 0);
    }

    private static Optional<Path> path(Config c, String key) {
        String s = c.getString(key);
        return s.isBlank() ? Optional.empty() : Optional.of(Path.of(s));
    }

    /** The vhost, MIG style: the URI path without its leading '/', "/" when empty. */
    public String vhost() {
        String p = uri.getPath();
        if (p == null || p.isEmpty() || "/".equals(p)) {
            return "/";
        }
        return p.substring(1);
    }

    /** A copy with another URI (tests use their own vhost). */
    public AmqpSettings withUri(URI other) {
        return new AmqpSettings(other, connectionName, heartbeat, connectionTimeout, confirmTimeout, expiration,
                minBackoff, maxBackoff, randomFactor, caFile, certFile, keyFile, publishChannels, consumerThreads);
    }

    /** A copy with another connection name. */
    public AmqpSettings withConnectionName(String name) {
        return new AmqpSettings(uri, name, heartbeat, connectionTimeout, confirmTimeout, expiration,
                minBackoff, maxBackoff, randomFactor, caFile, certFile, keyFile, publishChannels, consumerThreads);
    }

    /** A copy with another number of publish channels. */
    public AmqpSettings withPublishChannels(int n) {
        return new AmqpSettings(uri, connectionName, heartbeat, connectionTimeout, confirmTimeout, expiration,
                minBackoff, maxBackoff, randomFactor, caFile, certFile, keyFile, n, consumerThreads);
    }

    /** A copy with another expiration mode. */
    public AmqpSettings withExpiration(ExpirationMode mode) {
        return new AmqpSettings(uri, connectionName, heartbeat, connectionTimeout, confirmTimeout, mode,
                minBackoff, maxBackoff, randomFactor, caFile, certFile, keyFile, publishChannels, consumerThreads);
    }

    /** A copy with another number of consumer threads (0: the AMQP client's own pool). */
    public AmqpSettings withConsumerThreads(int n) {
        return new AmqpSettings(uri, connectionName, heartbeat, connectionTimeout, confirmTimeout, expiration,
                minBackoff, maxBackoff, randomFactor, caFile, certFile, keyFile, publishChannels, n);
    }
}
