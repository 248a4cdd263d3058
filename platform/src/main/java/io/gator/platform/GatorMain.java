package io.gator.platform;

import com.typesafe.config.Config;
import io.gator.platform.broker.BrokerSettings;
import io.gator.platform.broker.EmbeddedBroker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gator <role>}: one jar that starts any Gator role. Each role reads a HOCON file
 * ({@code -c}, default {@code config/<role>.conf}) over the modules' reference.conf. On endpoints the
 * agent runs from its own jar (agent-runtime's gator-agent.jar, see bin/gator); {@code gator agent} here
 * starts the same agent from the platform jar.
 */
@Command(name = "gator", mixinStandardHelpOptions = true, versionProvider = GatorMain.Version.class,
        description = "Starts one Gator role (Mozilla InvestiGator on Apache Pekko).",
        subcommands = {GatorMain.Standalone.class, GatorMain.Scheduler.class, GatorMain.Api.class,
                GatorMain.Agent.class, GatorMain.Fleet.class, GatorMain.Db.class, GatorMain.Investigator.class,
                GatorMain.Runner.class, GatorMain.Loader.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 done, 1 bad config or failed start, 2 usage error,", "3 a server node's actor system terminated on its own (downed by the split brain resolver)."})
public final class GatorMain implements Callable<Integer> {

    /** A command line picocli accepts but the role refuses: an unknown task, missing or conflicting options. */
    public static final int USAGE_ERROR = 2;
    /** Bad or missing config, or a start that failed. */
    public static final int FAILED = 1;
    /** A server node whose actor system terminated without being asked (e.g. downed by the split brain resolver). */
    public static final int NODE_TERMINATED = 3;

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured picocli command line (tests call {@code execute} on it). */
    public static CommandLine commandLine() {
        return new CommandLine(new GatorMain());
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE_ERROR;
    }

    /** Options and config loading every role shares. */
    abstract static class Role implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = {"-c", "--config"}, paramLabel = "FILE",
                description = "HOCON config file (default: config/<role>.conf under $GATOR_HOME, else ./config).")
        Path config;

        /** The role's name, as typed on the command line. */
        String role() {
            return spec.name();
        }

        Path configFile() {
            return config != null ? config : RoleConfig.defaultFile(role());
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        /** Loads the config, or prints what is wrong with it and returns empty. */
        java.util.Optional<Config> loadConfig() {
            try {
                return java.util.Optional.of(RoleConfig.load(configFile()));
            } catch (IllegalArgumentException e) {
                err().println("gator " + role() + ": " + io.gator.cli.Problems.describe(e));
                err().flush();
                return java.util.Optional.empty();
            }
        }

        /** A one-shot task against the database: checks the task name, loads the config, reports failures. */
        Integer runTask(String known, String task, java.util.function.Consumer<Config> work) {
            if (!task.equals(known)) {
                err().println("gator " + role() + ": unknown task '" + task + "' (known: " + known + ")");
                err().flush();
                return USAGE_ERROR;
            }
            java.util.Optional<Config> config = loadConfig();
            if (config.isEmpty()) {
                return FAILED;
            }
            try {
                work.accept(config.get());
                out().flush();
                return 0;
            } catch (RuntimeException e) {
                err().println("gator " + role() + " " + task + ": " + io.gator.cli.Problems.describe(e));
                err().flush();
                return FAILED;
            }
        }

        /** A scheduler and/or API node: its roles come from {@code pekko.cluster.roles} in the config. */
        Integer runServerNode(String connectionName) throws InterruptedException {
            return runUntilStopped(config -> io.gator.platform.role.Nodes.start(config,
                    () -> io.gator.platform.role.Nodes.relay(config, connectionName), java.time.Clock.systemUTC()));
        }

        /** Loads config, starts what {@code starter} builds, and blocks until the JVM is asked to stop. */
        Integer runUntilStopped(java.util.function.Function<Config, AutoCloseable> starter) throws InterruptedException {
            java.util.Optional<Config> config = loadConfig();
            if (config.isEmpty()) {
                return FAILED;
            }
            AutoCloseable running;
            try {
                running = starter.apply(config.get());
            } catch (RuntimeException e) {
                err().println("gator " + role() + ": " + io.gator.cli.Problems.describe(e));
                err().flush();
                return FAILED;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            java.util.concurrent.atomic.AtomicBoolean exiting = new java.util.concurrent.atomic.AtomicBoolean();
            if (running instanceof io.gator.platform.role.Nodes.Server server) {
                // a node downed by the split brain resolver (or otherwise terminated) must not linger as a live
                // process without a cluster member: exit so systemd restarts it
                server.system().getWhenTerminated().thenRun(() -> {
                    if (!exiting.get()) {
                        err().println("gator " + role() + ": the actor system terminated; exiting");
                        err().flush();
                        Thread exit = new Thread(() -> System.exit(NODE_TERMINATED), "gator-exit");
                        exit.setDaemon(true);
                        exit.start();
                    }
                });
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                exiting.set(true);
                try {
                    running.close();
                } catch (Exception e) {
                    // on the way out
                }
                stopped.countDown();
            }, "gator-shutdown"));
            stopped.await();
            return 0;
        }
    }

    @Command(name = "standalone", mixinStandardHelpOptions = true,
            description = {"A whole platform in one JVM for a first look: scheduler, API on 127.0.0.1, one agent,",
                    "journal in H2 under ./data, embedded AMQP broker. Stop with Ctrl-C."})
    static final class Standalone extends Role {
        @Option(names = "--broker-only",
                description = "Run only the embedded AMQP broker (gator.platform.broker) until Ctrl-C; prints its URI.")
        boolean brokerOnly;

        @Override
        public Integer call() throws InterruptedException {
            java.util.Optional<Config> config = loadConfig();
            if (config.isEmpty()) {
                return FAILED;
            }
            if (!brokerOnly) {
                Config c = config.get();
                return runUntilStopped(cfg -> {
                    try {
                        return io.gator.platform.role.Standalone.start(c, Path.of("data"), out());
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
            EmbeddedBroker broker;
            try {
                broker = EmbeddedBroker.start(BrokerSettings.fromConfig(config.get()));
            } catch (RuntimeException e) {
                err().println("gator standalone: " + io.gator.cli.Problems.describe(e));
                err().flush();
                return FAILED;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                broker.close();
                stopped.countDown();
            }, "gator-shutdown"));
            out().printf("embedded AMQP broker up in %d ms: %s (password valid for this run only)%n",
                    broker.startupTime().toMillis(), broker.amqpUri());
            out().println("Ctrl-C stops it.");
            out().flush();
            stopped.await();
            return 0;
        }
    }

    @Command(name = "scheduler", mixinStandardHelpOptions = true,
            description = "A scheduler cluster node: action entities, command dispatch, results intake.")
    static final class Scheduler extends Role {
        @Override
        public Integer call() throws InterruptedException {
            return runServerNode("gator-scheduler");
        }
    }

    @Command(name = "api", mixinStandardHelpOptions = true,
            description = "An API node: MIG's /api/v1 over Pekko HTTP, joined to the cluster as role \"api\".")
    static final class Api extends Role {
        @Override
        public Integer call() throws InterruptedException {
            return runServerNode("gator-api");
        }
    }

    @Command(name = "agent", mixinStandardHelpOptions = true,
            description = "The agent on this host: verifies signed actions, runs modules, returns results.")
    static final class Agent extends Role {
        @Override
        public Integer call() throws InterruptedException {
            return runUntilStopped(config -> {
                io.gator.agent.AgentLauncher.Running a = io.gator.platform.role.Nodes.agent(config,
                        java.time.Clock.systemUTC());
                out().println("agent " + a.queueLoc() + " started");
                out().flush();
                return a::stop;
            });
        }
    }

    @Command(name = "loader", mixinStandardHelpOptions = true,
            description = {"One run of the loader (MIG's mig-loader; a systemd timer runs it on endpoints): the signed",
                    "manifest of this host's loader entry, changed files fetched, checked and swapped in, the agent",
                    "restarted and rolled back unless it heartbeats in time. Endpoints run it from gator-agent.jar",
                    "(bin/gator loader, config/systemd/gator-loader.service); docs/loader.md."},
            footer = {"", "Exit codes: 0 up to date or updated, 1 refused or failed (nothing changed), 2 usage error,",
                    "4 -check: files would change, 5 updated but rolled back (the manifest is remembered)."})
    static final class Loader implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = {"-c", "--config"}, paramLabel = "FILE",
                description = "HOCON config, gator.loader (default: config/loader.conf under $GATOR_HOME, else ./config).")
        Path config;

        @Option(names = {"-check", "--check"},
                description = "Ask the API and compare; report what would change, fetch and change nothing.")
        boolean check;

        @Override
        public Integer call() throws InterruptedException {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("loader", "-c",
                    (config != null ? config : RoleConfig.defaultFile("loader")).toString()));
            if (check) {
                args.add("-check");
            }
            return io.gator.agent.loader.LoaderMain.run(args.toArray(String[]::new), spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
    }

    @Command(name = "fleet", mixinStandardHelpOptions = true,
            description = "The fleet simulator: thousands of simulated agents in one JVM, for load tests.")
    static final class Fleet extends Role {
        @Override
        public Integer call() throws InterruptedException {
            return runUntilStopped(config -> {
                io.gator.agent.fleet.FleetLauncher.Running f = io.gator.agent.fleet.FleetLauncher.start(config,
                        java.time.Clock.systemUTC());
                out().println("fleet of " + config.getInt("gator.fleet.agents") + " simulated agents started");
                out().flush();
                return f::stop;
            });
        }
    }

    @Command(name = "db", mixinStandardHelpOptions = true,
            description = {"Database tasks: 'init' creates the schema (journal, projections, read tables); idempotent.",
                    "'scheduler-key' prints the scheduler's armored public key for agents' ACLs and keyrings",
                    "(generating the key if no scheduler node has yet)."})
    static final class Db extends Role {
        @picocli.CommandLine.Parameters(index = "0", defaultValue = "init", description = "init | scheduler-key")
        String task;

        @Override
        Path configFile() {
            return config != null ? config : RoleConfig.defaultFile("scheduler");
        }

        @Override
        public Integer call() {
            if (!"init".equals(task) && !"scheduler-key".equals(task)) {
                err().println("gator db: unknown task '" + task + "' (known: init, scheduler-key)");
                err().flush();
                return USAGE_ERROR;
            }
            if ("scheduler-key".equals(task)) {
                return runTask("scheduler-key", task, config -> {
                    var ps = io.gator.persistence.PersistenceSettings.from(
                            io.gator.persistence.PersistenceConfig.withPersistence(config));
                    try (var db = io.gator.persistence.Database.open(ps)) {
                        out().print(io.gator.scheduler.key.SchedulerKey.exportPublicKey(db,
                                io.gator.scheduler.key.KeySettings.from(config), java.time.Clock.systemUTC()));
                    } catch (io.gator.persistence.PersistenceException e) {
                        throw new IllegalStateException(e.getMessage() + " (has 'gator db init' created the schema?)", e);
                    }
                });
            }
            return runTask("init", task, config -> {
                io.gator.platform.role.Nodes.initSchema(config);
                out().println("schema ready");
            });
        }
    }

    @Command(name = "investigator", mixinStandardHelpOptions = true,
            description = {"Investigator administration against the database (no API, no admin needed):",
                    "'create --name N --pubkey FILE [--admin]' adds one (the first admin; with --admin, a known key",
                    "becomes an active admin again); 'enable <id|name> [--admin]' re-activates one, the way back",
                    "when no active admin is left."})
    static final class Investigator extends Role {
        @picocli.CommandLine.Parameters(index = "0", description = "create | enable")
        String task;

        @picocli.CommandLine.Parameters(index = "1", arity = "0..1", paramLabel = "ID|NAME",
                description = "enable: the investigator's id, or its exact name")
        String who;

        @Option(names = "--name", description = "create: the investigator's name")
        String name;

        @Option(names = "--pubkey", description = "create: armored OpenPGP public key file")
        Path pubkey;

        @Option(names = "--admin", description = "all permissions, including investigator administration")
        boolean admin;

        @Override
        Path configFile() {
            return config != null ? config : RoleConfig.defaultFile("scheduler");
        }

        @Override
        public Integer call() {
            switch (task) {
                case "create" -> {
                    if (name == null || pubkey == null || who != null) {
                        return usageError("create needs --name NAME and --pubkey FILE (and nothing else)");
                    }
                    return runTask("create", task, config -> {
                        String armored = io.gator.cli.Problems.readString(pubkey, "");
                        print(io.gator.platform.role.Investigators.create(config, name, armored, admin));
                    });
                }
                case "enable" -> {
                    if (who == null || name != null || pubkey != null) {
                        return usageError("enable needs the investigator's id or name (and no --name or --pubkey)");
                    }
                    return runTask("enable", task, config ->
                            print(io.gator.platform.role.Investigators.enable(config, who, admin)));
                }
                default -> {
                    return usageError("unknown task '" + task + "' (known: create, enable)");
                }
            }
        }

        private Integer usageError(String message) {
            err().println("gator investigator: " + message);
            err().flush();
            return USAGE_ERROR;
        }

        private void print(io.gator.core.investigator.Investigator inv) {
            out().println("investigator " + inv.id() + " '" + inv.name() + "' " + inv.pgpFingerprint() + " "
                    + inv.status() + (io.gator.platform.role.Investigators.isAdmin(inv) ? " (admin)" : ""));
        }
    }

    @Command(name = "runner", mixinStandardHelpOptions = true,
            description = {"MIG runner migration: 'import DIR' reads a mig-runner directory (runners/<job>/entity.cfg",
                    "and action.json) and prints the 'mig schedule' commands that sign equivalent series, naming",
                    "every job that cannot be translated. Nothing is signed or posted."})
    static final class Runner implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @picocli.CommandLine.Parameters(index = "0", description = "import")
        String task;

        @picocli.CommandLine.Parameters(index = "1", arity = "0..1", paramLabel = "DIR",
                description = "the runner directory (the one holding runners/)")
        Path dir;

        @Option(names = "--for", paramLabel = "DURATION", defaultValue = "30d",
                description = "how long each series runs (default ${DEFAULT-VALUE}; a runner ran until stopped)")
        String span;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!"import".equals(task) || dir == null) {
                err.println("gator runner: usage: gator runner import DIR [--for 30d]");
                err.flush();
                return USAGE_ERROR;
            }
            try {
                java.time.Duration forSpan = io.gator.cli.schedule.ScheduleCommand.duration(span);
                int untranslated = 0;
                for (io.gator.platform.runner.RunnerImport.Job j : io.gator.platform.runner.RunnerImport.read(dir,
                        java.time.Instant.now(), forSpan)) {
                    if (j.translated()) {
                        out.println("# runner job " + j.name());
                        j.notes().forEach(n -> out.println("#   " + n));
                        out.println(j.command());
                    } else {
                        untranslated++;
                        out.println("# runner job " + j.name() + ": NOT TRANSLATED: " + j.problem());
                        j.notes().forEach(n -> out.println("#   " + n));
                    }
                }
                out.flush();
                if (untranslated > 0) {
                    err.println("gator runner: " + untranslated + " job(s) not translated (see the lines above)");
                    err.flush();
                }
                return 0;
            } catch (java.io.IOException | IllegalArgumentException e) {
                err.println("gator runner: " + e.getMessage());
                err.flush();
                return FAILED;
            }
        }
    }

    /** The jar's Implementation-Version (set by the shade plugin), or "dev" from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = GatorMain.class.getPackage().getImplementationVersion();
            return new String[] {"gator " + (v == null ? "dev" : v)};
        }
    }
}
