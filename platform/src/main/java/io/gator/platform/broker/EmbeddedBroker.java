package io.gator.platform.broker;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.BrokerModel;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.State;
import org.apache.qpid.server.model.SystemConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An AMQP 0-9-1 broker inside this JVM (Apache Qpid Broker-J), so that the standalone mode runs
 * the real AMQP relay with no external server.
 *
 * <p>It serves one virtual host to one user over plain AMQP on a loopback address. The user's
 * password is generated at every start and never written to the data directory. Messages are
 * kept in memory (Qpid's persistent message stores need BDB, Derby or a JDBC plugin: extra
 * dependencies); with a data directory, the vhost's exchanges, queues and bindings survive a
 * restart (Qpid's JSON virtual host node), without their messages.
 *
 * <p>Differences from RabbitMQ that a client must know:
 * <ul>
 *   <li>{@link #expirationIsAbsolute()}: Qpid reads the AMQP {@code expiration} property as an
 *       absolute time in epoch milliseconds; MIG sends a relative TTL ({@code "300000"}), which
 *       Qpid takes for a date in 1970 and silently never delivers. Against this broker omit the
 *       property or send {@code now + ttl}.</li>
 * </ul>
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final String PORT_NAME = "AMQP";
    private static final String AUTH_NAME = "plain";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BrokerSettings settings;
    private final SystemLauncher launcher;
    private final String password;
    private final int boundPort;
    private final Duration startupTime;
    private final Optional<Path> tempWorkDir;
    private volatile boolean running = true;

    private EmbeddedBroker(BrokerSettings settings, SystemLauncher launcher, String password, int boundPort,
                           Duration startupTime, Optional<Path> tempWorkDir) {
        this.settings = settings;
        this.launcher = launcher;
        this.password = password;
        this.boundPort = boundPort;
        this.startupTime = startupTime;
        this.tempWorkDir = tempWorkDir;
    }

    /**
     * Starts a broker and returns once its AMQP port accepts connections.
     *
     * @throws IllegalStateException naming the cause when the broker or its port fails to start
     *                               (for instance a fixed port already in use); nothing is left running
     */
    public static EmbeddedBroker start(BrokerSettings settings) {
        long t0 = System.nanoTime();
        String password = newPassword();
        Optional<Path> tempWorkDir = Optional.empty();
        Path workDir;
        Path initialConfig = null;
        try {
            if (settings.dataDir().isPresent()) {
                workDir = settings.dataDir().get().toAbsolutePath().resolve("qpid");
                Files.createDirectories(workDir);
            } else {
                workDir = Files.createTempDirectory("gator-qpid-");
                tempWorkDir = Optional.of(workDir);
            }
            initialConfig = writeInitialConfig(workDir, settings, password);
        } catch (IOException e) {
            tempWorkDir.ifPresent(EmbeddedBroker::deleteTree);
            throw new IllegalStateException("embedded broker: cannot prepare its work directory: " + e, e);
        }

        Capture capture = new Capture();
        SystemLauncher launcher = new SystemLauncher(capture);
        try {
            launcher.startup(systemAttributes(workDir, initialConfig));
            int port = checkStarted(capture, settings);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            log.info("embedded AMQP broker (Qpid Broker-J) on {}:{} vhost {} in {} ms ({})", settings.host(), port,
                    settings.vhost(), took.toMillis(),
                    settings.dataDir().map(d -> "topology kept in " + workDir).orElse("in memory"));
            return new EmbeddedBroker(settings, launcher, password, port, took, tempWorkDir);
        } catch (Exception e) {
            safeShutdown(launcher);
            tempWorkDir.ifPresent(EmbeddedBroker::deleteTree);
            if (e instanceof IllegalStateException ise) {
                throw ise;
            }
            throw new IllegalStateException("embedded broker failed to start: " + e, e);
        } finally {
            // The initial configuration holds the password: it lives only as long as start-up.
            try {
                Files.deleteIfExists(initialConfig);
            } catch (IOException e) {
                log.warn("could not delete {}: {}", initialConfig, e.toString());
            }
        }
    }

    /** The AMQP port the broker listens on (the ephemeral one it got when configured with 0). */
    public int port() {
        return boundPort;
    }

    /** The loopback address the broker listens on. */
    public String host() {
        return settings.host();
    }

    /** The only virtual host. */
    public String vhost() {
        return settings.vhost();
    }

    /** The only user. */
    public String user() {
        return settings.user();
    }

    /** This run's generated password. */
    public String password() {
        return password;
    }

    /** {@code amqp://user:password@host:port/vhost}, the relay's connection URI. */
    public URI amqpUri() {
        try {
            return new URI("amqp", settings.user() + ":" + password, settings.host(), boundPort, "/" + settings.vhost(),
                    null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Time from {@link #start} to an open AMQP port. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Always true for Qpid: see the class comment. The relay must not send MIG's relative TTL here. */
    public boolean expirationIsAbsolute() {
        return true;
    }

    public boolean isRunning() {
        return running;
    }

    /** Stops the broker (closing client connections) and removes a temporary work directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        safeShutdown(launcher);
        tempWorkDir.ifPresent(EmbeddedBroker::deleteTree);
        log.info("embedded AMQP broker on {}:{} stopped", settings.host(), boundPort);
    }

    private static Map<String, Object> systemAttributes(Path workDir, Path initialConfig) {
        Map<String, Object> context = new HashMap<>();
        // Everything Qpid would write by default under ./work goes under our work directory.
        context.put(SystemConfig.QPID_WORK_DIR, workDir.toString());
        // A port that fails to bind must fail the start, not leave a broker that nobody can reach.
        context.put(Broker.BROKER_FAIL_STARTUP_WITH_ERRORED_CHILD, "true");
        Map<String, Object> attributes = new HashMap<>();
        // "Memory" system config: the broker-level objects come from our initial config at every start,
        // so this run's password is the only one that works.
        attributes.put(SystemConfig.TYPE, "Memory");
        attributes.put(SystemConfig.INITIAL_CONFIGURATION_LOCATION, initialConfig.toUri().toString());
        attributes.put(SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, false);
        attributes.put("preferenceStoreAttributes", Map.of("type", "Noop"));
        attributes.put(SystemConfig.CONTEXT, context);
        return attributes;
    }

    /** Qpid's initial configuration: one Plain auth provider, one AMQP 0-9-1 port, one vhost node. */
    static Map<String, Object> initialConfig(Path workDir, BrokerSettings s, String password) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("name", s.user());
        user.put("type", "managed");
        user.put("password", password);
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("name", AUTH_NAME);
        auth.put("type", "Plain");
        // Qpid allows PLAIN only over TLS by default; this port is loopback-only (BrokerSettings checks it).
        auth.put("secureOnlyMechanisms", List.of());
        auth.put("users", List.of(user));

        Map<String, Object> port = new LinkedHashMap<>();
        port.put("name", PORT_NAME);
        port.put("type", "AMQP");
        port.put("port", s.port());
        port.put("bindingAddress", s.host());
        port.put("protocols", List.of("AMQP_0_9_1"));
        port.put("transports", List.of("TCP"));
        port.put("authenticationProvider", AUTH_NAME);
        port.put("virtualhostaliases", List.of(Map.of("name", "nameAlias", "type", "nameAlias")));

        Map<String, Object> node = new LinkedHashMap<>();
        node.put("name", s.vhost());
        node.put("defaultVirtualHostNode", true);
        // Messages always in memory: Qpid's persistent message stores need extra dependencies.
        node.put("virtualHostInitialConfiguration", "{\"type\":\"Memory\"}");
        if (s.dataDir().isPresent()) {
            // JSON node: durable exchanges, queues and bindings are kept under the data directory.
            node.put("type", "JSON");
            node.put("storePath", workDir.resolve(s.vhost()).resolve("config").toString());
        } else {
            node.put("type", "Memory");
        }
        node.put("preferenceStoreAttributes", Map.of("type", "Noop"));

        Map<String, Object> broker = new LinkedHashMap<>();
        broker.put("name", "gator-embedded");
        broker.put("modelVersion", BrokerModel.MODEL_VERSION);
        broker.put("authenticationproviders", List.of(auth));
        broker.put("ports", List.of(port));
        broker.put("virtualhostnodes", List.of(node));
        return broker;
    }

    private static Path writeInitialConfig(Path workDir, BrokerSettings s, String password) throws IOException {
        Path file = workDir.resolve("initial-config-" + Long.toHexString(RANDOM.nextLong()) + ".json");
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.write(file, new ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(initialConfig(workDir, s, password)));
        return file;
    }

    private static int checkStarted(Capture capture, BrokerSettings s) {
        RuntimeException error = capture.error.get();
        if (error != null) {
            throw new IllegalStateException("embedded broker failed to start on " + s.host() + ":" + s.port() + ": "
                    + rootMessage(error), error);
        }
        SystemConfig<?> system = capture.system.get();
        Broker<?> broker = system == null ? null : system.getContainer(Broker.class);
        if (broker == null || broker.getState() != State.ACTIVE) {
            throw new IllegalStateException("embedded broker did not become active (state "
                    + (broker == null ? "none" : broker.getState()) + ")");
        }
        for (Port<?> p : broker.getPorts()) {
            if (PORT_NAME.equals(p.getName())) {
                if (p.getState() != State.ACTIVE || p.getBoundPort() <= 0) {
                    throw new IllegalStateException("embedded broker: AMQP port " + s.host() + ":" + s.port()
                            + " is " + p.getState() + " (in use?)");
                }
                return p.getBoundPort();
            }
        }
        throw new IllegalStateException("embedded broker started without its AMQP port");
    }

    private static String rootMessage(Throwable t) {
        List<String> messages = new ArrayList<>();
        for (Throwable c = t; c != null && messages.size() < 5; c = c.getCause()) {
            messages.add(c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage());
        }
        return String.join(": ", messages);
    }

    private static void safeShutdown(SystemLauncher launcher) {
        try {
            launcher.shutdown();
        } catch (RuntimeException e) {
            log.warn("embedded broker shutdown: {}", e.toString());
        }
    }

    private static String newPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("could not delete {}: {}", root, e.toString());
        }
    }

    /** Keeps what Qpid reports during start-up: it logs start-up errors instead of throwing them. */
    private static final class Capture implements SystemLauncherListener {
        final AtomicReference<SystemConfig<?>> system = new AtomicReference<>();
        final AtomicReference<RuntimeException> error = new AtomicReference<>();

        @Override public void beforeStartup() {}
        @Override public void errorOnStartup(RuntimeException e) { error.compareAndSet(null, e); }
        @Override public void afterStartup() {}
        @Override public void onContainerResolve(SystemConfig<?> systemConfig) { system.set(systemConfig); }
        @Override public void onContainerClose(SystemConfig<?> systemConfig) {}
        @Override public void onShutdown(int exitCode) {}
        @Override public void exceptionOnShutdown(Exception e) { log.warn("embedded broker shutdown: {}", e.toString()); }
    }
}
