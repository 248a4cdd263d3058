package io.gator.platform.e2e;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.agent.fleet.FleetLauncher;
import io.gator.cli.api.MigApiClient;
import io.gator.core.sign.KeyGen;
import io.gator.core.sign.PgpSigner;
import io.gator.core.sign.SignatureException;
import io.gator.platform.role.Investigators;
import io.gator.platform.role.Nodes;
import io.gator.relay.Relay;
import io.gator.relay.amqp.AmqpRelay;
import io.gator.relay.amqp.AmqpSettings;
import io.gator.relay.amqp.RabbitVhost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One node with the scheduler and API roles on its own PostgreSQL database, its own RabbitMQ vhost, investigators
 * whose keys the agents trust (weight 1 each) and a fleet of simulated agents, all online when {@link #start}
 * returns (none with 0 agents: a test then runs real agent processes, {@link #writeAgentConfig}). The first
 * investigator is an admin; its migrc ({@link #migrc}) points the CLI at this node. Closing stops the fleet and the
 * node and drops the database and the vhost.
 */
final class TestPlatform implements AutoCloseable {
    /** An investigator: its name in the ACL and the database, its key pair, whether it is an admin. */
    record Investigator(String name, KeyGen.GeneratedKey key, boolean admin) {}

    /** What differs between tests: a name (database, queues), agents, investigators, weights, the API's mirror. */
    record Setup(String name, int agents, List<Investigator> investigators, int minimumWeight,
                 Optional<String> cosignMirror) {
        static Setup of(String name, int agents, KeyGen.GeneratedKey admin) {
            return new Setup(name, agents, List.of(new Investigator(nameOf(admin), admin, true)), 1, Optional.empty());
        }

        /** Adds a non-admin investigator with weight 1. */
        Setup with(KeyGen.GeneratedKey key) {
            return with(key, false);
        }

        /** Adds an admin investigator with weight 1 (manifests are signed by admins). */
        Setup withAdmin(KeyGen.GeneratedKey key) {
            return with(key, true);
        }

        private Setup with(KeyGen.GeneratedKey key, boolean admin) {
            List<Investigator> all = new ArrayList<>(investigators);
            all.add(new Investigator(nameOf(key), key, admin));
            return new Setup(name, agents, List.copyOf(all), minimumWeight, cosignMirror);
        }

        /** The agents' ACL needs this weight; the API's co-sign mirror is {@code mirror} (an ACL document). */
        Setup cosigned(int weight, String mirror) {
            return new Setup(name, agents, investigators, weight, Optional.of(mirror));
        }

        /** "alice" for "alice <alice@example.net>". */
        private static String nameOf(KeyGen.GeneratedKey key) {
            return key.userId().split(" ")[0];
        }
    }

    private final Path dir;
    private final String db;
    private final RabbitVhost vhost;
    private final Nodes.Server server;
    private final Map<String, Long> ids;
    private final Setup setup;
    private FleetLauncher.Running fleet;

    private TestPlatform(Path dir, String db, RabbitVhost vhost, Nodes.Server server, Map<String, Long> ids,
                         Setup setup) {
        this.dir = dir;
        this.db = db;
        this.vhost = vhost;
        this.server = server;
        this.ids = ids;
        this.setup = setup;
    }

    static TestPlatform start(Path dir, Setup setup) throws Exception {
        String db = "gator_" + setup.name() + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        EndToEndTest.admin("CREATE DATABASE " + db);
        Files.createDirectories(dir.resolve("keys"));
        for (Investigator i : setup.investigators()) {
            Files.writeString(dir.resolve("keys/" + i.name() + ".asc"), i.key().armoredPublicKey());
            Files.writeString(dir.resolve(i.name() + ".sec"), i.key().armoredSecretKey());
        }
        Files.writeString(dir.resolve("acl.json"), "{\"default\":{\"minimumweight\":" + setup.minimumWeight()
                + ",\"investigators\":{" + aclEntries(setup.investigators()) + "}}}");
        RabbitVhost vhost = new RabbitVhost();
        Nodes.Server server = null;
        TestPlatform platform = null;
        try {
            String mirror = setup.cosignMirror().map(m -> ", cosign.acl = \"" + m.replace("\"", "\\\"") + "\"")
                    .orElse("");
            Config config = ConfigFactory.parseString("""
                    gator.persistence { url = "jdbc:postgresql://127.0.0.1:5432/%s?reWriteBatchedInserts=true"
                                        init-schema-on-start = true }
                    gator.api { port = 0, public-url = "http://127.0.0.1"%s }
                    gator.agent { run-dir = "%s", keyring-dir = "%s", acl-file = "%s", heartbeat-interval = 1h }
                    gator.fleet { agents = %d, queue-prefix = "%s", module-threads = 2 }
                    pekko.actor.provider = cluster
                    pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
                    pekko.cluster.roles = [scheduler, api]
                    pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                    gator.cluster.management.enabled = off
                    """.formatted(db, mirror, dir.resolve("run"), dir.resolve("keys"), dir.resolve("acl.json"),
                    setup.agents(), setup.name())).withFallback(ConfigFactory.load()).resolve();
            AmqpSettings amqp = AmqpSettings.fromRoot(config).withUri(vhost.uri());
            server = Nodes.start(config, AmqpRelay.start(amqp.withConnectionName(setup.name() + "-scheduler")),
                    Clock.systemUTC());
            Map<String, Long> ids = new LinkedHashMap<>();
            for (Investigator i : setup.investigators()) {
                ids.put(i.name(), Investigators.create(server.db(), i.name(), i.key().armoredPublicKey(), i.admin()).id());
            }
            platform = new TestPlatform(dir, db, vhost, server, ids, setup);
            Thread.sleep(1500); // the scheduler declares the topology before agents publish heartbeats
            if (setup.agents() > 0) {
                List<Relay> relays = List.of(AmqpRelay.start(amqp.withConnectionName(setup.name() + "-fleet")));
                platform.fleet = FleetLauncher.start(config, Clock.systemUTC(), relays, setup.agents());
                EndToEndTest.waitForAgents(platform.migrc(setup.investigators().get(0).name()), setup.agents());
            }
            return platform;
        } catch (Exception | Error e) {
            if (platform != null) {
                platform.close();
            } else {
                if (server != null) {
                    server.close();
                }
                EndToEndTest.admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                vhost.close();
            }
            throw e;
        }
    }

    private static String aclEntries(List<Investigator> investigators) {
        return String.join(",", investigators.stream().map(i -> "\"" + i.name() + "\":{\"fingerprint\":\""
                + i.key().fingerprint() + "\",\"weight\":1}").toList());
    }

    /** The ACL entries (weight 1 each) of these investigators, for a co-sign mirror. */
    static String aclEntries(KeyGen.GeneratedKey... keys) {
        return aclEntries(List.of(keys).stream().map(k -> new Investigator(Setup.nameOf(k), k, false)).toList());
    }

    /**
     * A co-sign mirror that holds file searches until every one of these investigators signed (weight 1 each) but
     * lets a timedrift through with one signature: deliberately laxer than agents needing that weight for all.
     */
    static String fileNeedsAllTimedriftOne(KeyGen.GeneratedKey... keys) {
        String all = aclEntries(keys);
        return "{\"file\":{\"minimumweight\":" + keys.length + ",\"investigators\":{" + all + "}},"
                + "\"timedrift\":{\"minimumweight\":1,\"investigators\":{" + all + "}}}";
    }

    /** dir/tree/etc holding a 32-byte passwd with one line, the file the tests search for. */
    static Path etcWithPasswd(Path dir) throws IOException {
        Path etc = Files.createDirectories(dir.resolve("tree/etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        return etc;
    }

    /** http://127.0.0.1:port, the API node's root. */
    String root() {
        return "http://127.0.0.1:" + port();
    }

    int port() {
        return server.api().orElseThrow().localAddress().getPort();
    }

    Nodes.Server server() {
        return server;
    }

    /** The investigator's ID in the database. */
    long id(String investigator) {
        return ids.get(investigator);
    }

    /** The investigator's armored secret key file. */
    Path secretKey(String investigator) {
        return dir.resolve(investigator + ".sec");
    }

    /** A migrc with this node's API and the investigator's key (written on first use). */
    Path migrc(String investigator) throws IOException {
        Path rc = dir.resolve(investigator + ".migrc");
        if (!Files.exists(rc)) {
            Files.writeString(rc, "api.url = \"" + root() + "/api/v1\"\nkey.file = \"" + secretKey(investigator)
                    + "\"\n");
        }
        return rc;
    }

    /** An API client signing its tokens with the investigator's key. */
    MigApiClient api(String investigator) throws SignatureException {
        PgpSigner signer = PgpSigner.of(setup.investigators().stream().filter(i -> i.name().equals(investigator))
                .findFirst().orElseThrow().key());
        return new MigApiClient(root() + "/api/v1", Optional.of(signer::sign), Optional.empty(), "e2e");
    }

    /**
     * The standalone config of a real agent process named {@code name} (the platform jar's agent role) on this
     * platform's broker, trusting its investigators, with {@code extra} HOCON appended; written to dir/name.conf.
     */
    Path writeAgentConfig(String name, Path runDir, String extra) throws IOException {
        Path file = dir.resolve(name + ".conf");
        Files.writeString(file, """
                gator.relay.amqp.uri = "%s"
                gator.relay.amqp.connection-timeout = 20s
                gator.agent { name = "%s", run-dir = "%s", keyring-dir = "%s", acl-file = "%s" }
                """.formatted(vhost.uri(), name, runDir, dir.resolve("keys"), dir.resolve("acl.json")) + extra);
        return file;
    }

    /**
     * This JVM's class path without test classes: what the platform jar holds, for a thin jar or a child JVM (the
     * test classes' logback-test.xml files would make logback report them on the child's output).
     */
    static List<Path> runtimeClassPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(s -> !s.isBlank() && !s.endsWith("test-classes") && !s.endsWith("-tests.jar")).map(Path::of)
                .toList();
    }

    /** Stops every agent (for actions that must stay in flight); idempotent. */
    void stopAgents() {
        if (fleet != null) {
            fleet.stop();
            fleet = null;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            stopAgents();
            server.close();
            EndToEndTest.admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        } finally {
            vhost.close();
        }
    }
}
