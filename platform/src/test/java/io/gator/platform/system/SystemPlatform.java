package io.gator.platform.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.cli.api.MigApiClient;
import io.gator.cli.launch.GlobalFlags;
import io.gator.cli.launch.Launcher;
import io.gator.cli.module.ModuleFlags;
import io.gator.cli.module.ModuleFlagsRegistry;
import io.gator.cli.sign.Signer;
import io.gator.core.action.Counters;
import io.gator.relay.amqp.RabbitVhost;
import io.gator.core.sign.KeyGen;
import io.gator.core.sign.PgpSigner;
import io.gator.persistence.TestDatabase;
import io.gator.platform.RoleConfig;
import io.gator.platform.role.Investigators;
import io.gator.platform.role.Nodes;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A whole Gator platform as separate JVM processes on 127.0.0.1, for the system tests: three scheduler
 * nodes ({@code gator scheduler}), one API node ({@code gator api}) and fleet simulators ({@code gator fleet}),
 * each started as {@code java -cp <this JVM's class path> io.gator.platform.GatorMain <role> --config <file>}
 * with its config generated here and its output in its own log file under {@code target/system-tests/}.
 * The journal and read tables live in a throw-away PostgreSQL database, the relay in a throw-away RabbitMQ
 * vhost; {@link #close()} kills every process still running (also from a JVM shutdown hook, should the test
 * JVM be stopped) and drops both.
 *
 * <p>Investigator alice (admin, RSA key made here) signs actions with the {@code mig} CLI's own code
 * ({@link Launcher#build}, {@link Launcher#sign}, {@link MigApiClient#createAction}) and the API follows them.
 */
final class SystemPlatform implements AutoCloseable {
    /**
     * Upper bound of each start-up step. Generous on purpose: on a loaded 2-core machine four JVMs starting
     * Pekko at once take tens of seconds, and a bound only turns a slow start into a failure.
     */
    static final Duration STARTUP = Duration.ofMinutes(3);
    /** What a real agent prints once started: {@code agent <queueloc> started}. */
    private static final java.util.regex.Pattern STARTED = java.util.regex.Pattern.compile("(?m)^agent (\\S+) started$");
    /** Final action statuses. */
    static final List<String> FINAL = List.of("completed", "expired", "cancelled");

    /** One fleet process: {@code agents} simulated agents named {@code <namePrefix>-<n>}, config overrides. */
    record FleetSpec(String name, int agents, String namePrefix, String queuePrefix, String extraConfig) {}

    /**
     * The processes of a platform: {@code schedulers} scheduler nodes and a separate API node, or with
     * {@code schedulers == 1} one node holding both roles (lighter, for suites that need no failover); fleets;
     * and real agents ({@code gator agent} as on a host: {@code AgentMain} with config/agent.jvm, so -Xmx64m),
     * each named by its {@code gator.agent.name}.
     */
    record Layout(int schedulers, List<FleetSpec> fleets, List<String> agents) {}

    /** A child JVM and its log file. */
    record Node(String name, Process process, Path log, int managementPort) {
        boolean alive() {
            return process.isAlive();
        }

        String logText() {
            try {
                return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            } catch (IOException e) {
                return "(cannot read " + log + ": " + e + ")";
            }
        }
    }

    final String name;
    final Path dir;
    final TestDatabase tdb;
    final RabbitVhost vhost;
    final Path tree;
    final Map<String, Node> nodes = new LinkedHashMap<>();
    final int apiPort;
    final MigApiClient api;
    final Signer signer;
    private final String classPath = System.getProperty("java.class.path");
    private final String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final int seedPort;
    private final KeyGen.GeneratedKey alice;
    private final Thread reaper;
    private final PrintStream log = System.out;
    private final long t0 = System.nanoTime();

    private SystemPlatform(String name) throws Exception {
        this.name = name;
        this.dir = Files.createDirectories(Path.of("target", "system-tests",
                name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss")))).toAbsolutePath();
        this.tdb = TestDatabase.create();
        RabbitVhost v;
        try {
            v = new RabbitVhost();
        } catch (RuntimeException e) {
            tdb.close();
            throw e;
        }
        this.vhost = v;
        this.reaper = new Thread(this::killAll, "system-test-reaper-" + name);
        Runtime.getRuntime().addShutdownHook(reaper);
        this.seedPort = freePort();
        this.apiPort = freePort();
        this.alice = KeyGen.rsa("alice <alice@example.net>", 2048);
        PgpSigner pgp = PgpSigner.of(alice);
        this.signer = pgp::sign;
        this.api = new MigApiClient("http://127.0.0.1:" + apiPort + "/api/v1", Optional.of(signer), Optional.empty(),
                "gator-system-test");
        Files.createDirectories(dir.resolve("keys"));
        Files.writeString(dir.resolve("keys/alice.asc"), alice.armoredPublicKey());
        Files.writeString(dir.resolve("acl.json"), "{\"default\":{\"minimumweight\":1,\"investigators\":{\"alice\":"
                + "{\"fingerprint\":\"" + alice.fingerprint() + "\",\"weight\":1}}}}");
        this.tree = Files.createDirectories(dir.resolve("tree/etc"));
        Files.writeString(tree.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Files.writeString(tree.resolve("group"), "root:x:0:\n");
        Files.writeString(dir.resolve("logback.xml"), """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="com.zaxxer" level="WARN"/>
                  <logger name="slick" level="WARN"/>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
    }

    /**
     * Starts the databases, three scheduler nodes, the API node and the fleets, and waits until every
     * simulated agent is online in the API's view. On failure everything started so far is torn down.
     */
    static SystemPlatform start(String name, List<FleetSpec> fleets) throws Exception {
        return start(name, new Layout(3, fleets, List.of()));
    }

    /** As {@link #start(String, List)} with the given processes; also waits for every real agent online. */
    static SystemPlatform start(String name, Layout layout) throws Exception {
        SystemPlatform p = new SystemPlatform(name);
        try {
            p.startAll(layout);
            return p;
        } catch (Throwable e) {
            p.printLogs();
            p.close();
            throw e;
        }
    }

    private void startAll(Layout layout) throws Exception {
        int schedulers = layout.schedulers();
        boolean combined = schedulers == 1;
        // the operator's steps first, as `gator db init` and `gator investigator create` do them
        Path s1 = writeConfig("scheduler-1", combined ? combinedConfig(seedPort, freePort())
                : schedulerConfig(seedPort, freePort()));
        var cfg = RoleConfig.load(s1);
        Nodes.initSchema(cfg);
        Investigators.create(cfg, "alice", alice.armoredPublicKey(), true);

        startNode("scheduler-1", "scheduler", s1, cfg.getInt("pekko.management.http.port"));
        for (int i = 2; i <= schedulers; i++) {
            int mgmt = freePort();
            startNode("scheduler-" + i, "scheduler", writeConfig("scheduler-" + i, schedulerConfig(0, mgmt)), mgmt);
        }
        if (!combined) {
            startNode("api", "api", writeConfig("api", apiConfig()), 0);
        }
        // agents publish heartbeats to the scheduler's exchanges: they must exist first
        for (int i = 1; i <= schedulers; i++) {
            Node n = nodes.get("scheduler-" + i);
            await(STARTUP, () -> n.logText().contains("relay topology declared"),
                    n.name() + " consuming results and heartbeats");
        }
        await(STARTUP, this::apiAnswers, "the API answering on port " + apiPort);
        int total = 0;
        for (FleetSpec f : layout.fleets()) {
            startNode(f.name(), "fleet", writeConfig(f.name(), fleetConfig(f)), 0);
            total += f.agents();
        }
        for (String agent : layout.agents()) {
            writeConfig(agent, agentConfig(agent));
            startAgent(agent);
            total++;
        }
        int expected = total;
        await(STARTUP, () -> onlineAgents() >= expected, expected + " agents online");
        step("platform up: " + (combined ? "1 scheduler+api node" : schedulers + " schedulers, api") + ", "
                + expected + " agents");
    }

    // ---- configs -------------------------------------------------------------------------------------

    private String common() {
        return """
                gator.persistence { url = "%s", journal-pool-size = 4, read-pool-size = 3, init-schema-on-start = false }
                gator.relay.amqp.uri = "%s"
                # a loaded broker can take more than the default 5 s to accept a connection
                gator.relay.amqp.connection-timeout = 20s
                """.formatted(tdb.url, vhost.uri());
    }

    private String clusterConfig(int port, String role, int mgmtPort) {
        return """
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical { hostname = "127.0.0.1", port = %d }
                pekko.cluster.seed-nodes = ["pekko://gator@127.0.0.1:%d"]
                pekko.cluster.roles = [%s]
                pekko.cluster.sharding.role = "scheduler"
                # quick failure handling for a test; the resolver waits stable-after before downing
                pekko.cluster.failure-detector.heartbeat-interval = 500ms
                pekko.cluster.failure-detector.acceptable-heartbeat-pause = 6s
                pekko.cluster.split-brain-resolver.stable-after = 3s
                pekko.cluster.split-brain-resolver.active-strategy = keep-majority
                gator.cluster.management.enabled = %s
                pekko.management.http { hostname = "127.0.0.1", port = %d }
                """.formatted(port, seedPort, role, mgmtPort > 0 ? "on" : "off", Math.max(mgmtPort, 1));
    }

    private String schedulerConfig(int port, int mgmtPort) {
        return schedulerConfig(port, mgmtPort, "scheduler");
    }

    private String schedulerConfig(int port, int mgmtPort, String roles) {
        return common() + clusterConfig(port, roles, mgmtPort) + """
                gator.scheduler.heartbeats { status-interval = 5s, online-within = 2m, offline-after = 5m }
                gator.scheduler.results.ask-timeout = 5s
                # finished actions leave memory soon, so that the soak's heap figures compare like with like
                gator.scheduler.action.passivate-after-finish = 5s
                """;
    }

    private String apiConfig() {
        return common() + clusterConfig(0, "api", 0) + apiSettings();
    }

    private String apiSettings() {
        return """
                gator.api { host = "127.0.0.1", port = %d, public-url = "http://127.0.0.1:%d" }
                # the first create allocates a shard and recovers an entity: on a loaded 2-core machine with five
                # JVMs that took over the default 10 s once (503 "retry later")
                gator.api.request-timeout = 30s
                """.formatted(apiPort, apiPort);
    }

    /** One node with both roles: the scheduler's and the API's settings. */
    private String combinedConfig(int port, int mgmtPort) {
        return schedulerConfig(port, mgmtPort, "scheduler, api") + apiSettings();
    }

    private String agentConfig(String agent) {
        return common() + """
                gator.agent { name = "%s", run-dir = "%s", keyring-dir = "%s", acl-file = "%s", heartbeat-interval = 10s }
                """.formatted(agent, dir.resolve("run-" + agent), dir.resolve("keys"), dir.resolve("acl.json"));
    }

    private String fleetConfig(FleetSpec f) {
        return common() + """
                gator.fleet { agents = %d, name-prefix = "%s", queue-prefix = "%s", module-threads = 2,
                              agents-per-connection = 500 }
                gator.agent { run-dir = "%s", keyring-dir = "%s", acl-file = "%s", heartbeat-interval = 10s }
                """.formatted(f.agents(), f.namePrefix(), f.queuePrefix(), dir.resolve("run-" + f.name()),
                dir.resolve("keys"), dir.resolve("acl.json")) + f.extraConfig();
    }

    private Path writeConfig(String node, String text) throws IOException {
        Path file = dir.resolve(node + ".conf");
        Files.writeString(file, text);
        return file;
    }

    // ---- processes -----------------------------------------------------------------------------------

    Node startNode(String node, String role, Path config, int managementPort) throws IOException {
        Path logFile = dir.resolve(node + ".log");
        String heap = role.equals("fleet") ? "-Xmx512m" : "-Xmx384m";
        ProcessBuilder pb = new ProcessBuilder(javaBin, heap, "-XX:+UseSerialGC", "-Xss512k",
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"), "-cp", classPath,
                "io.gator.platform.GatorMain", role, "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(logFile.toFile());
        Node n = new Node(node, pb.start(), logFile, managementPort);
        nodes.put(node, n);
        step("started " + node + " (pid " + n.process().pid() + ")");
        return n;
    }

    /**
     * Starts (or starts again) the real agent {@code agent} as its host would: {@code AgentMain} with the JVM
     * options of config/agent.jvm (-Xmx64m, exit on OutOfMemoryError), its config written by {@link #start}.
     * Its run directory, and so its queue, survive a restart. Returns once it says it started.
     */
    Node startAgent(String agent) throws Exception {
        Path logFile = dir.resolve(agent + ".log");
        int from = Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8).length() : 0;
        Path jvmOptions = Path.of(System.getProperty("basedir", ".")).resolve("../config/agent.jvm").normalize();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "@" + jvmOptions.toAbsolutePath(),
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"), "-cp", classPath,
                "io.gator.agent.AgentMain", "agent", "-c", dir.resolve(agent + ".conf").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Node n = new Node(agent, pb.start(), logFile, 0);
        nodes.put(agent, n);
        step("started agent " + agent + " (pid " + n.process().pid() + ")");
        await(STARTUP, () -> STARTED.matcher(n.logText().substring(from)).find() || !n.alive(), agent + " starting");
        if (!n.alive()) {
            throw new AssertionError("agent " + agent + " exited at start: " + n.logText());
        }
        return n;
    }

    /** The queue location a real agent printed at start ({@code agent <queueloc> started}). */
    String agentQueueLoc(String agent) {
        java.util.regex.Matcher m = STARTED.matcher(nodes.get(agent).logText());
        if (!m.find()) {
            throw new IllegalStateException("agent " + agent + " has not said its queue location");
        }
        return m.group(1);
    }

    /** A node's config as the node reads it: its file over every reference.conf. */
    com.typesafe.config.Config config(String node) {
        return RoleConfig.load(dir.resolve(node + ".conf"));
    }

    /** An investigator's ~/.migrc for this platform: the API and alice's secret key (for {@code MigMain}). */
    Path migrc() throws IOException {
        Path key = dir.resolve("alice.sec");
        Files.writeString(key, alice.armoredSecretKey());
        Path rc = dir.resolve("migrc");
        Files.writeString(rc, "api.url = \"http://127.0.0.1:" + apiPort + "/api/v1\"\nkey.file = \"" + key + "\"\n");
        return rc;
    }

    /** SIGKILL, as a crash: no shutdown hook, no cluster leave. */
    void kill(String node) throws InterruptedException {
        Node n = nodes.get(node);
        n.process().destroyForcibly();
        if (!n.process().waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException(node + " survived SIGKILL");
        }
        step("killed " + node + " (SIGKILL, exit " + n.process().exitValue() + ")");
    }

    /** The scheduler node that logged "publishing" for this action: the one its shard lives on. */
    Optional<String> owner(long actionId) {
        String mark = "action " + actionId + ": publishing";
        return nodes.values().stream().filter(n -> n.name().startsWith("scheduler") && n.alive())
                .filter(n -> n.logText().contains(mark)).map(Node::name).findFirst();
    }

    /** pid of a node's JVM. */
    long pid(String node) {
        return nodes.get(node).process().pid();
    }

    private void killAll() {
        for (Node n : nodes.values()) {
            n.process().destroyForcibly();
        }
        for (Node n : nodes.values()) {
            try {
                n.process().waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Prints every node's log (the last 400 lines of each) to the test output. */
    void printLogs() {
        for (Node n : nodes.values()) {
            List<String> lines = n.logText().lines().toList();
            log.println("===== " + n.name() + " (" + n.log() + ", " + lines.size() + " lines"
                    + (n.alive() ? "" : ", exited") + ") =====");
            lines.subList(Math.max(0, lines.size() - 400), lines.size()).forEach(log::println);
        }
    }

    /** Crashed nodes: those not alive that the test did not kill. */
    List<String> deadNodes(List<String> killed) {
        return nodes.values().stream().filter(n -> !n.alive() && !killed.contains(n.name())).map(Node::name).toList();
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        try {
            vhost.close();
        } finally {
            tdb.close();
        }
    }

    // ---- actions -------------------------------------------------------------------------------------

    /**
     * Signs and posts an action exactly as {@code mig <module> -t <target> -e <expiration> <flags>} does,
     * without following it; returns its id.
     */
    long launch(String module, String target, Duration expiration, List<String> moduleFlags) throws Exception {
        List<String> args = new ArrayList<>(List.of("-t", target, "-e", expiration.toSeconds() + "s"));
        args.addAll(moduleFlags);
        GlobalFlags g = GlobalFlags.parse(args);
        ModuleFlags flags = ModuleFlagsRegistry.parse(module, g.moduleArgs).orElseThrow();
        List<String> argv = new ArrayList<>(List.of(module));
        argv.addAll(args);
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        Launcher launcher = new Launcher(new Launcher.Env(api, signer, null, quiet, quiet, Clock.systemUTC(), 0,
                Duration.ofMillis(500)));
        var action = Launcher.build(flags.module(), flags.parameters(), g, target, argv, Clock.systemUTC());
        long id = api.createAction(launcher.sign(action, expiration)).id();
        step("action " + id + " launched: " + module + " " + String.join(" ", args));
        return id;
    }

    /** A file search for /etc/passwd in this platform's tree, on every online agent. */
    long launchFileSearch(Duration expiration) throws Exception {
        return launch("file", "status='online'", expiration, List.of("-path", tree.toString(), "-name", "^passwd$"));
    }

    /** The action's counters and status through the API; empty while it cannot answer. */
    Optional<io.gator.core.action.Action> action(long id) {
        try {
            return Optional.of(api.action(id));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Waits until the API shows the action in a final status with every command done. */
    io.gator.core.action.Action awaitFinished(long id, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        Optional<io.gator.core.action.Action> last = Optional.empty();
        while (System.nanoTime() < deadline) {
            last = action(id).or(() -> Optional.empty());
            if (last.isPresent() && FINAL.contains(last.get().status())) {
                Counters c = last.get().counters();
                if (c.done() == c.sent() && commandsNotFinal(id) == 0) {
                    step("action " + id + " " + last.get().status() + " " + c);
                    return last.get();
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("action " + id + " not finished within " + within + "; last seen "
                + last.map(a -> a.status() + " " + a.counters()).orElse("nothing") + ", commands by status "
                + commandStatuses(id));
    }

    /** Waits until the action's done counter reaches {@code n}. */
    void awaitDone(long id, int n, Duration within) throws InterruptedException {
        await(within, () -> action(id).map(a -> a.counters().done() >= n).orElse(false),
                "action " + id + " with " + n + " commands done");
    }

    // ---- database checks -----------------------------------------------------------------------------

    Connection sql() throws SQLException {
        return DriverManager.getConnection(tdb.url, "postgres", "");
    }

    long onlineAgents() {
        return queryLong("SELECT count(*) FROM agents WHERE status = 'online'");
    }

    long commandsNotFinal(long actionId) {
        return queryLong("SELECT count(*) FROM commands WHERE actionid = " + actionId
                + " AND status NOT IN ('success', 'failed', 'timeout', 'expired', 'cancelled')");
    }

    /** command status -> count, from the commands read table. */
    Map<String, Long> commandStatuses(long actionId) {
        Map<String, Long> m = new TreeMap<>();
        try (Connection c = sql(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT status, count(*) FROM commands WHERE actionid = " + actionId
                     + " GROUP BY status")) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            m.put("unreadable: " + e.getMessage(), -1L);
        }
        return m;
    }

    /** The action's commands, one row each: [rows, distinct agents, distinct queue locations, with results]. */
    long[] commandRows(long actionId) {
        try (Connection c = sql(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT agentid), count(DISTINCT queueloc), "
                     + "count(results) FROM commands WHERE actionid = " + actionId)) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Agent names whose command has the given status. */
    List<String> agentsWithStatus(long actionId, String status) {
        List<String> names = new ArrayList<>();
        try (Connection c = sql(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT agentname FROM commands WHERE actionid = " + actionId
                     + " AND status = '" + status + "' ORDER BY agentname")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    long queryLong(String query) {
        try (Connection c = sql(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    /**
     * The CommandsFinished events of one action in the journal: each command id with how many events end it.
     * Payloads are Pekko's Jackson JSON, gzipped above its compress-larger-than size.
     */
    Map<Long, Integer> finishedInJournal(long actionId) {
        Map<Long, Integer> ends = new TreeMap<>();
        try (Connection c = sql(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT event_payload FROM event_journal "
                     + "WHERE persistence_id = 'Action|" + actionId + "' AND event_ser_manifest LIKE '%CommandsFinished'"
                     + " ORDER BY sequence_number")) {
            while (rs.next()) {
                byte[] payload = rs.getBytes(1);
                if (payload.length > 1 && payload[0] == (byte) 0x1f && payload[1] == (byte) 0x8b) {
                    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(payload))) {
                        payload = in.readAllBytes();
                    }
                }
                JsonNode ev = io.gator.core.json.MigJson.mapper().readTree(payload);
                for (JsonNode f : ev.path("finished")) {
                    ends.merge(f.path("commandId").asLong(), 1, Integer::sum);
                }
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(e);
        }
        return ends;
    }

    /**
     * For {@code duration}: new connections to this test's database refused and every backend on it
     * terminated every 200 ms; then connections allowed again. Returns how many backends were terminated.
     * Touches only this test's database, never the server or other databases.
     */
    int databaseBlackout(Duration duration) throws Exception {
        int terminated = 0;
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement st = c.createStatement()) {
            step("PostgreSQL database " + tdb.name + " refusing connections for " + duration.toSeconds() + " s");
            st.execute("ALTER DATABASE " + tdb.name + " ALLOW_CONNECTIONS false");
            try {
                long end = System.nanoTime() + duration.toNanos();
                while (System.nanoTime() < end) {
                    try (ResultSet rs = st.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                            + "WHERE datname = '" + tdb.name + "' AND pid <> pg_backend_pid()")) {
                        rs.next();
                        terminated += rs.getInt(1);
                    }
                    Thread.sleep(200);
                }
            } finally {
                st.execute("ALTER DATABASE " + tdb.name + " ALLOW_CONNECTIONS true");
            }
        }
        step("PostgreSQL database " + tdb.name + " back; " + terminated + " backends terminated");
        return terminated;
    }

    // ---- RabbitMQ ------------------------------------------------------------------------------------

    /** The RabbitMQ connections (pids) of this platform's vhost: {@code rabbitmqctl list_connections vhost pid}. */
    List<String> rabbitConnections() {
        List<String> pids = new ArrayList<>();
        for (String line : RabbitVhost.ctl("list_connections", "vhost", "pid").lines().toList()) {
            String[] cols = line.trim().split("\t");
            if (cols.length == 2 && cols[0].equals(vhost.name)) {
                pids.add(cols[1]);
            }
        }
        return pids;
    }

    /**
     * Closes every connection of this platform's vhost, and so no other user's, with one
     * {@code rabbitmqctl close_all_connections --vhost} (one rabbitmqctl per connection, even run in parallel,
     * cost seconds of CPU on two cores: long enough for an action to finish before the last one landed).
     */
    void closeRabbitConnections() {
        long started = System.nanoTime();
        RabbitVhost.ctl("close_all_connections", "--vhost", vhost.name, "gator system test " + name);
        step("closing the RabbitMQ connections of vhost " + vhost.name + " (rabbitmqctl took "
                + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms)");
    }

    /**
     * How many of the given connections ({@link #rabbitConnections()}) are gone, waiting up to 30 s for them
     * to go: a closing connection (the fleet's has a channel per agent) is listed until all its channels end.
     */
    int rabbitConnectionsGone(List<String> pids) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> left = rabbitConnections();
        while (pids.stream().anyMatch(left::contains) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            left = rabbitConnections();
        }
        List<String> after = left;
        int gone = (int) pids.stream().filter(pid -> !after.contains(pid)).count();
        step(gone + " of " + pids.size() + " RabbitMQ connections of vhost " + vhost.name + " gone");
        return gone;
    }

    /** Queues of this vhost: name -> messages. */
    Map<String, Long> queues() {
        Map<String, Long> q = new TreeMap<>();
        for (String line : RabbitVhost.ctl("list_queues", "-p", vhost.name, "name", "messages").lines().toList()) {
            String[] cols = line.trim().split("\t");
            if (cols.length == 2 && !cols[0].isEmpty()) {
                q.put(cols[0], Long.parseLong(cols[1]));
            }
        }
        return q;
    }

    /**
     * A node's live heap: {@code jcmd <pid> GC.run} (a full collection), then the used bytes of the young and
     * old generations from {@code jcmd <pid> GC.heap_info} (the nodes run the serial collector).
     */
    long liveHeapBytes(String node) throws IOException, InterruptedException {
        long pid = pid(node);
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?:def new|tenured) generation\\s+total \\d+K, used (\\d+)K").matcher(info);
        long used = 0;
        int found = 0;
        while (m.find()) {
            used += Long.parseLong(m.group(1)) * 1024;
            found++;
        }
        if (found != 2) {
            throw new IllegalStateException("unexpected GC.heap_info of " + node + ": " + info);
        }
        return used;
    }

    private String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }

    // ---- misc ----------------------------------------------------------------------------------------

    private boolean apiAnswers() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + apiPort + "/api/v1/heartbeat")).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Polls {@code condition} every 200 ms; fails naming {@code what} (and any crashed node) after {@code within}. */
    void await(Duration within, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never " + what + " within " + within + " (exited: "
                        + nodes.values().stream().filter(n -> !n.alive()).map(Node::name).toList() + ")");
            }
            Thread.sleep(200);
        }
    }

    /** Prints a step to the test output and appends it to {@code steps.log} (surefire shows the output only at the end). */
    void step(String what) {
        String line = String.format("[system %s +%.1fs] %s%n", name, (System.nanoTime() - t0) / 1e9, what);
        log.print(line);
        log.flush();
        try {
            Files.writeString(dir.resolve("steps.log"), line, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the test output has it
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
