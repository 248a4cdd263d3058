package io.gator.scheduler.bench;

import com.typesafe.config.ConfigFactory;
import io.gator.core.sign.KeyGen;
import io.gator.core.sign.PgpSigner;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.TestDatabase;
import io.gator.persistence.schema.SchemaInit;
import io.gator.relay.Relay;
import io.gator.relay.amqp.AmqpRelay;
import io.gator.relay.amqp.AmqpSettings;
import io.gator.relay.amqp.RabbitVhost;
import io.gator.scheduler.ClusterConfig;
import io.gator.scheduler.SchedulerNode;
import io.gator.scheduler.TestNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * What {@code bin/bench} and {@code bin/bench-pace} run on: a throw-away vhost and database on this machine's
 * RabbitMQ and PostgreSQL, a fleet simulator JVM ({@code gator.jar fleet}: N agents named bench*, one queue and
 * consumer each, the real signature/ACL check and file module in a one-file root) and one scheduler node in this
 * JVM, started once every agent is registered and consuming. Closing stops the node, then the fleet, then drops
 * the vhost and the database.
 */
record BenchFleet(Path work, RabbitVhost vhost, TestDatabase tdb, Database db, AmqpSettings amqp, AmqpRelay relay,
                  PgpSigner signer, Process fleet, ActorSystem<Void> node, String searchDir) implements AutoCloseable {

    /**
     * {@code schedulerConf}: HOCON lines over the node's settings; {@code wrap}: the relay the node publishes
     * through (a bench's own decorator around the AMQP one).
     */
    static BenchFleet start(int fleetSize, String schedulerConf, UnaryOperator<Relay> wrap) throws Exception {
        String jar = System.getProperty("bench.fleet.jar", "platform/target/gator.jar");
        Path work = Files.createTempDirectory("gator-bench");
        RabbitVhost vhost = new RabbitVhost();
        TestDatabase tdb = null;
        Database db = null;
        AmqpRelay relay = null;
        Process fleet = null;
        try {
            tdb = TestDatabase.create();
            String queueVersion = System.getenv().getOrDefault("BENCH_QUEUE_VERSION", "");
            if (!queueVersion.isEmpty()) {
                RabbitVhost.ctl("set_policy", "-p", vhost.name, "--apply-to", "queues", "queue-version", ".*",
                        "{\"queue-version\":" + queueVersion + "}");
            }
            db = Database.open(tdb.settings());
            SchemaInit.apply(db.dataSource(), Dialect.POSTGRES);
            AmqpSettings amqp = AmqpSettings.fromRoot(ConfigFactory.load()).withUri(vhost.uri());
            relay = AmqpRelay.start(amqp.withConnectionName("bench-scheduler"));
            relay.declareSchedulerTopology().toCompletableFuture().get(10, TimeUnit.SECONDS);

            // investigator key, the fleet's keyring and ACL, and a tiny root for its file module
            KeyGen.GeneratedKey key = KeyGen.rsa("bench <bench@localhost>", 2048);
            PgpSigner signer = PgpSigner.of(key);
            Files.createDirectories(work.resolve("keys"));
            Files.writeString(work.resolve("keys/bench.asc"), key.armoredPublicKey());
            Files.writeString(work.resolve("acl.json"), "{\"default\":{\"minimumweight\":1,\"investigators\":"
                    + "{\"bench\":{\"fingerprint\":\"" + key.fingerprint() + "\",\"weight\":1}}}}");
            Files.createDirectories(work.resolve("root/etc"));
            Files.writeString(work.resolve("root/etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
            Files.writeString(work.resolve("fleet.conf"), String.join("\n",
                    "gator.fleet { agents = " + fleetSize + ", queue-prefix = \"bench\", name-prefix = \"bench\",",
                    "  agents-per-connection = 1000, root = \"" + work.resolve("root") + "\" }",
                    "gator.agent { run-dir = \"" + work.resolve("run") + "\", keyring-dir = \"" + work.resolve("keys")
                            + "\", acl-file = \"" + work.resolve("acl.json") + "\", heartbeat-interval = 1h }",
                    "gator.relay.amqp.uri = \"" + vhost.uri() + "\"", ""));
            long tFleet = System.nanoTime();
            // 10,000 agents fit in 2 GiB; a large young generation: every in-flight command is garbage once answered
            List<String> fleetCmd = new ArrayList<>(List.of(javaBin(), "-Xmx2g", "-Xmn1g", "-XX:+UseSerialGC"));
            String fleetOpts = System.getenv().getOrDefault("BENCH_FLEET_OPTS", "").trim();
            if (!fleetOpts.isEmpty()) {
                fleetCmd.addAll(List.of(fleetOpts.split("\\s+"))); // e.g. a flight recording of the fleet
            }
            fleetCmd.addAll(List.of("-jar", jar, "fleet", "-c", work.resolve("fleet.conf").toString()));
            fleet = new ProcessBuilder(fleetCmd)
                    .redirectErrorStream(true).redirectOutput(work.resolve("fleet.log").toFile()).start();

            int port = TestNodes.freePort();
            var config = TestNodes.config(tdb, port, port, 0, schedulerConf);
            ActorSystem<Void> node = ActorSystem.create(SchedulerNode.create(wrap.apply(relay), db),
                    ClusterConfig.systemName(config), config);
            TestNodes.awaitReady(node);
            // the scheduler's own heartbeat intake registers the fleet
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (Bench.online(db, "linux.bench%") < fleetSize) {
                if (!fleet.isAlive() || System.nanoTime() > deadline) {
                    node.terminate();
                    throw new IllegalStateException("fleet not registered (" + Bench.online(db, "linux.bench%")
                            + " of " + fleetSize + " online); see " + work.resolve("fleet.log"));
                }
                Thread.sleep(200);
            }
            System.err.printf("fleet of %d agents started and registered in %.1f s%n", fleetSize,
                    (System.nanoTime() - tFleet) / 1e9);
            // consumers subscribe after the heartbeat: wait until every agent queue has its consumer
            waitForConsumers(vhost, fleetSize, fleet);
            return new BenchFleet(work, vhost, tdb, db, amqp, relay, signer, fleet, node,
                    work.resolve("root/etc").toAbsolutePath().toString());
        } catch (Exception | Error e) {
            stopFleet(fleet);
            if (relay != null) {
                relay.close();
            }
            if (db != null) {
                db.close();
            }
            if (tdb != null) {
                tdb.close();
            }
            vhost.close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            node.terminate();
            node.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
            relay.close();
            db.close();
        } finally {
            stopFleet(fleet); // the fleet goes before its vhost does
            tdb.close();
            vhost.close();
        }
    }

    private static void stopFleet(Process fleet) throws InterruptedException {
        if (fleet != null) {
            fleet.destroy();
            if (!fleet.waitFor(20, TimeUnit.SECONDS)) {
                fleet.destroyForcibly();
            }
        }
    }

    private static void waitForConsumers(RabbitVhost vhost, int n, Process fleet) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (true) {
            String out = RabbitVhost.ctl("list_queues", "-p", vhost.name, "name", "consumers", "--no-table-headers",
                    "--quiet");
            long ready = out.lines().filter(l -> l.startsWith("mig.agt.linux.bench") && !l.trim().endsWith("\t0")
                    && !l.trim().endsWith(" 0")).count();
            if (ready >= n) {
                return;
            }
            if (!fleet.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + ready + " of " + n + " agent queues have a consumer");
            }
            Thread.sleep(1000);
        }
    }

    /** What a bench's main does: run, then exit (the node's ActorSystem would keep the JVM alive), 1 on failure. */
    interface Body {
        void run() throws Exception;
    }

    static void runThenExit(Body body) {
        try {
            body.run();
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /** The 1, 5 and 15-minute load averages, for the figures' heading. */
    static String loadAverage() throws java.io.IOException {
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        return load.substring(0, load.indexOf(' ', load.indexOf(' ', load.indexOf(' ') + 1) + 1));
    }

    private static String javaBin() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
