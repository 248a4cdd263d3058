package io.gator.agent;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import io.gator.agent.checkin.CheckinRun;
import io.gator.agent.checkin.SettlementTracker;
import io.gator.agent.config.AgentSettings;
import io.gator.agent.direct.DirectModule;
import io.gator.agent.module.ModuleRegistry;
import io.gator.agent.persist.query.PersistMode;
import io.gator.core.action.Action;
import io.gator.core.action.Operation;
import io.gator.core.action.SignedString;
import io.gator.core.command.Command;
import io.gator.core.json.MigJson;
import io.gator.relay.MigTopology;
import io.gator.relay.OutgoingMessage;
import io.gator.relay.Relay.ConsumerHandle;
import io.gator.relay.amqp.AmqpRelay;
import io.gator.relay.amqp.AmqpSettings;
import io.gator.core.sign.KeyGen;
import io.gator.core.sign.PgpSigner;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Entry point of the agent-only jar ({@code gator-agent.jar}, what {@code bin/gator agent} and the systemd unit
 * run): the agent and nothing else on the class path, so its JVM loads no cluster, HTTP, persistence or broker
 * classes. {@code --cds-training} starts an agent against an in-JVM relay, waits for its first heartbeat, sends
 * it one signed file search as a scheduler would (verification, ACL, module runner, result) and exits, failing
 * unless the search succeeded: run under {@code -XX:DumpLoadedClassList} it lists the classes of the static class
 * data sharing archive the agent then starts from ({@code bin/gator agent}, the systemd unit).
 */
public final class AgentMain {
    /** Bad or missing config, or a start that failed (as {@code gator agent}). */
    static final int FAILED = 1;
    /** MIG's {@code -m} spelling of the checkin mode. */
    static final String CHECKIN_MODULE = "agent-checkin";
    /** Usage error. */
    static final int USAGE = 2;

    private AgentMain() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        if (List.of(args).contains("-m")) {
            // a direct run's standard output carries its result alone: anything else printed (Logback's status
            // lines, its console appender, a library) goes to standard error
            System.setOut(System.err);
        }
        logLevel(ch.qos.logback.classic.Level.INFO);
        System.exit(run(args, System.in, out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        return run(args, System.in, out, err);
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) throws Exception {
        if (args.length > 0 && args[0].equals("loader")) {
            // gator-agent.jar also carries the loader, so that an endpoint holds one jar for both
            return io.gator.agent.loader.LoaderMain.run(args, new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
        }
        Path file = Path.of(System.getProperty("gator.home", "."), "config", "agent.conf");
        boolean fileGiven = false;
        boolean training = false;
        boolean checkin = false;
        boolean noPersistent = false;
        Optional<String> module = Optional.empty();
        boolean printout = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "agent" -> { } // `gator agent ...` spelled as with the platform jar
                case "-c", "--config" -> {
                    if (++i == args.length) {
                        err.println("gator agent: " + args[i - 1] + " needs a FILE");
                        return USAGE;
                    }
                    file = Path.of(args[i]);
                    fileGiven = true;
                }
                case "-m" -> {
                    if (++i == args.length) {
                        err.println("gator agent: -m needs a MODULE");
                        return USAGE;
                    }
                    module = Optional.of(args[i]);
                }
                case "-p" -> printout = true;
                case "-P" -> {
                    if (++i == args.length) {
                        err.println("gator agent: -P needs a MODULE");
                        return USAGE;
                    }
                    return PersistMode.run(args[i], ModuleRegistry.standard(), out);
                }
                case "--cds-training" -> training = true;
                case "--checkin" -> checkin = true;
                case "-n" -> noPersistent = true;
                case "-h", "--help" -> {
                    out.println("Usage: gator agent [-c FILE] [-n] [--checkin | --cds-training | -m MODULE [-p]]");
                    out.println("       gator-agent.jar loader [-c FILE] [-check]   (the loader: loader --help)");
                    out.println("  -c, --config FILE  HOCON config (default: config/agent.conf under $GATOR_HOME, else ./config)");
                    out.println("  -m MODULE          run one module here, without relay: parameters on stdin as");
                    out.println("                     {\"class\":\"parameters\",\"parameters\":...}, result JSON on stdout");
                    out.println("  -p                 with -m: print the result as mig does (items, then errors)");
                    out.println("  -n                 no persistent modules (MIG's -n; gator.agent.persistent-modules = off)");
                    out.println("  --checkin          run once (cron-style; also -m agent-checkin): heartbeat, run the");
                    out.println("                     queued commands, answer them, exit (gator.agent.checkin)");
                    out.println("  --cds-training     start against an in-JVM relay, heartbeat once, search files, exit");
                    out.println("                     (under -XX:DumpLoadedClassList=FILE: the classes of the agent's CDS archive)");
                    return 0;
                }
                default -> {
                    err.println("gator agent: unknown argument '" + args[i] + "' (try --help)");
                    return USAGE;
                }
            }
        }
        if (training) {
            return train(out, err);
        }
        if (module.equals(Optional.of(CHECKIN_MODULE))) {
            // MIG's spelling of the checkin mode
            module = Optional.empty();
            checkin = true;
        }
        if (module.isPresent()) {
            return direct(module.get(), printout, fileGiven || Files.isRegularFile(file) ? Optional.of(file)
                    : Optional.empty(), in, out, err);
        }
        if (printout) {
            err.println("gator agent: -p goes with -m MODULE");
            return USAGE;
        }
        Config config;
        try {
            config = load(file);
        } catch (IllegalArgumentException e) {
            err.println("gator agent: " + e.getMessage());
            return FAILED;
        }
        config = withFlags(config, checkin, noPersistent);
        AmqpRelay relay;
        AgentLauncher.Running agent;
        try {
            relay = AmqpRelay.start(relaySettings(config));
            if (config.getBoolean("gator.agent.checkin")) {
                try {
                    return checkin(config, relay, err);
                } finally {
                    relay.close();
                }
            }
            try {
                agent = AgentLauncher.start(config, relay, Clock.systemUTC());
            } catch (RuntimeException e) {
                relay.close();
                throw e;
            }
        } catch (RuntimeException e) {
            err.println("gator agent: " + e.getMessage());
            return FAILED;
        }
        out.println("agent " + agent.queueLoc() + " started");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.stop();
            relay.close();
            stopped.countDown();
        }, "gator-shutdown"));
        stopped.await();
        return 0;
    }

    /** The configuration with the command line's mode flags applied: {@code --checkin}, {@code -n}. */
    static Config withFlags(Config config, boolean checkin, boolean noPersistent) {
        Config c = config;
        if (checkin) {
            c = c.withValue("gator.agent.checkin", ConfigValueFactory.fromAnyRef(true));
        }
        if (noPersistent) {
            c = c.withValue("gator.agent.persistent-modules", ConfigValueFactory.fromAnyRef(false));
        }
        return c;
    }

    /**
     * One checkin run over the relay: the agent's usual actors (one heartbeat), until the queue stays idle with
     * every command answered (exit 0) or the cap passes (exit 1, MIG's log line).
     */
    public static int checkin(Config config, io.gator.relay.Relay relay, PrintStream err) throws Exception {
        AgentSettings s = AgentSettings.from(config);
        SettlementTracker tracker = new SettlementTracker(relay);
        CheckinRun run = new CheckinRun(tracker, s.checkinIdle(), CheckinRun.cap(s.moduleTimeout()));
        AgentLauncher.Running agent = AgentLauncher.start(config, tracker, Clock.systemUTC());
        CheckinRun.Outcome outcome;
        try {
            outcome = run.await();
        } finally {
            agent.stop();
            agent.system().getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
        if (outcome == CheckinRun.Outcome.CAPPED) {
            err.println("Agent in checkin mode reached max exec time, exiting");
            return FAILED;
        }
        return 0;
    }

    /**
     * One module run here ({@code -m}): the config file's module settings when there is a file (the built-in
     * defaults otherwise, as MIG's {@code -m}), no relay, keys or ACL, no actor system.
     */
    private static int direct(String module, boolean printout, Optional<Path> file, InputStream in, PrintStream out,
                              PrintStream err) throws InterruptedException {
        // the investigator sees the result: the agent's own INFO lines would be noise on the terminal
        Optional<ch.qos.logback.classic.Level> before = logLevel(ch.qos.logback.classic.Level.WARN);
        try {
            Config config;
            try {
                config = file.map(AgentMain::load).orElseGet(ConfigFactory::load);
            } catch (IllegalArgumentException e) {
                err.println("gator agent: " + e.getMessage());
                return FAILED;
            }
            return DirectModule.fromConfig(config).run(module, printout, in, out);
        } finally {
            before.ifPresent(AgentMain::logLevel);
        }
    }

    /** gator.relay.amqp with the agent's own channel and thread counts (gator.agent.relay-*). */
    static AmqpSettings relaySettings(Config config) {
        return AmqpSettings.fromRoot(config).withConnectionName("gator-agent")
                .withPublishChannels(config.getInt("gator.agent.relay-publish-channels"))
                .withConsumerThreads(config.getInt("gator.agent.relay-consumer-threads"));
    }

    /**
     * Sets the root logger's level (INFO at start), returning the one it had. The agent jar carries no
     * logback.xml: Logback then starts with its basic console configuration (at DEBUG) instead of parsing XML,
     * which would load some 300 XML and Joran classes into every agent; this sets the level before anything logs.
     * {@code -Dlogback.configurationFile=FILE} still configures it.
     */
    static Optional<ch.qos.logback.classic.Level> logLevel(ch.qos.logback.classic.Level level) {
        if (System.getProperty("logback.configurationFile") == null
                && org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
            ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            Optional<ch.qos.logback.classic.Level> before = Optional.ofNullable(root.getLevel());
            root.setLevel(level);
            return before;
        }
        return Optional.empty();
    }

    /** The file, then system properties, then every reference.conf on the class path, resolved (as RoleConfig). */
    public static Config load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config file " + file + " not found (give one with -c FILE)");
        }
        try {
            return ConfigFactory.load(ConfigFactory.parseFile(file.toFile(),
                    ConfigParseOptions.defaults().setAllowMissing(false)));
        } catch (ConfigException e) {
            String message = e.getMessage().contains(file.toString()) ? e.getMessage() : file + ": " + e.getMessage();
            throw new IllegalArgumentException("config file " + message, e);
        }
    }

    /** Exercises what a running agent loads: config, keys, ACL, actors, heartbeat, relay, a signed file search. */
    private static int train(PrintStream out, PrintStream err) throws Exception {
        Path dir = Files.createTempDirectory("gator-cds");
        try {
            Files.createDirectories(dir.resolve("keys"));
            KeyGen.GeneratedKey key = KeyGen.rsa("cds <cds@localhost>", 2048);
            Files.writeString(dir.resolve("keys/cds.asc"), key.armoredPublicKey());
            Files.writeString(dir.resolve("acl.json"), "{\"default\":{\"minimumweight\":1,\"investigators\":{\"cds\":"
                    + "{\"fingerprint\":\"" + key.fingerprint() + "\",\"weight\":1}}}}");
            Files.writeString(dir.resolve("probe.txt"), "cds training");
            Config config = ConfigFactory.load()
                    .withValue("gator.agent.run-dir", ConfigValueFactory.fromAnyRef(dir.resolve("run").toString()))
                    .withValue("gator.agent.keyring-dir", ConfigValueFactory.fromAnyRef(dir.resolve("keys").toString()))
                    .withValue("gator.agent.acl-file", ConfigValueFactory.fromAnyRef(dir.resolve("acl.json").toString()));
            // the AMQP relay's classes, without a broker
            relaySettings(config);
            new com.rabbitmq.client.ConnectionFactory().setUri("amqp://guest:guest@127.0.0.1:5672/mig");
            TrainingRelay relay = new TrainingRelay();
            AgentLauncher.Running agent = AgentLauncher.start(config, relay, Clock.systemUTC());
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                // the heartbeat and the queue consumer start in separate actors: a command published before the
                // agent's queue exists would be unroutable
                while (relay.heldCount(MigTopology.HEARTBEATS) == 0
                        || !relay.subscribed(MigTopology.agentQueue(agent.queueLoc()))) {
                    if (System.nanoTime() > deadline) {
                        err.println("gator agent --cds-training: no heartbeat or no queue consumer within 60 s");
                        return FAILED;
                    }
                    Thread.sleep(20);
                }
                String search = "{\"searches\":{\"s1\":{\"paths\":[\"" + dir + "\"],\"sha2\":[\"" + "0".repeat(64)
                        + "\"],\"names\":[\"^probe\"],\"options\":{\"matchall\":true,\"maxerrors\":1}}}}";
                // the path of a real command: signed action in, verification, ACL, module runner, result out
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                Action action = Action.of(1, "cds training", "status='online'", now.minusMinutes(1),
                        now.plusMinutes(5), List.of(new Operation("file", MigJson.tree(search))));
                action = action.withSignatures(List.of(PgpSigner.of(key).sign(SignedString.of(action))));
                relay.publish(OutgoingMessage.toAgent(agent.queueLoc(),
                        MigJson.writeBytes(Command.sent(1, action, now)),
                        Optional.of(Duration.ofMinutes(5)))).toCompletableFuture().get(5, TimeUnit.SECONDS);
                CompletableFuture<byte[]> result = new CompletableFuture<>();
                ConsumerHandle results = relay.subscribe(MigTopology.RESULTS, 1, m -> {
                    result.complete(m.body());
                    m.ack();
                }, agent.system());
                Command answered;
                try {
                    answered = MigJson.read(result.get(60, TimeUnit.SECONDS), Command.class);
                } catch (java.util.concurrent.TimeoutException e) {
                    err.println("gator agent --cds-training: no result within 60 s");
                    return FAILED;
                } finally {
                    results.cancel();
                }
                if (!"success".equals(answered.status())) {
                    err.println("gator agent --cds-training: the signed search was answered " + answered.status()
                            + ": " + answered.results());
                    return FAILED;
                }
            } finally {
                agent.stop();
                agent.system().getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
                relay.close();
            }
            out.println("gator agent --cds-training: done (a signed file search answered: success)");
            return 0;
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
