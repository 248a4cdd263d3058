package io.gator.platform.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gator.platform.GatorMain;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shell command in README.md and docs/*.md is run here or named in a reviewed table.
 *
 * <p>The convention: commands to type sit in fenced {@code ```console} blocks, one per {@code $ } line
 * (a line ending in {@code \} continues on the next); other lines of the block are sample output. Shell
 * commands anywhere else ({@code ```sh}, {@code ```bash}, indented code) fail {@link #commandsSitOnlyInConsoleBlocks}.
 *
 * <p>Each command must match exactly one entry of {@link #TABLE}, and each entry at least one command:
 * <ul>
 *   <li>{@link Run}: run by {@link #documentedCommandsRunAgainstPlatformsThisTestStarts} in one shell session
 *       (variables exported by one command are seen by the next), in a temporary working directory,
 *       checking the exit code and a pattern in the output;</li>
 *   <li>{@link Server}: a long-running role started in the background until its ready line appears, stopped
 *       with SIGTERM at the end;</li>
 *   <li>{@link SetUp}: a line that sets names (database, vhost); the test sets the same variables itself
 *       to throw-away values;</li>
 *   <li>{@link Elsewhere}: cannot run here (other hosts, systemd, root); the entry names the test that
 *       exercises the same thing. A new command in the docs therefore fails this test until someone decides.</li>
 * </ul>
 *
 * <p>How the launchers run: in {@code mvn verify} this module's tests run before gator.jar is packaged (and in
 * {@code mvn test} it never is; shading earlier breaks a reactor {@code test}, where upstream modules are class
 * directories). So the working directory gets its own {@code bin/gator} and {@code bin/mig}: each is the real
 * script's {@code exec java} line (same JVM options, same {@code gator.home}) with {@code -jar "$jar"} replaced
 * by {@code -cp <runtime classpath> <main class>}. The runtime classpath is this test's classpath minus test
 * classes and test-scoped jars ({@link #runtimeClasspath}), the set the shade plugin packs, so a dependency
 * missing from the jar is missing here too ({@link #theLaunchersRunWithoutTestScopedJars}).
 *
 * <p>What differs from a reader's shell, all listed here: HOME and GNUPGHOME are the working directory
 * (gpg keys stay there); GATOR_DB and GATOR_VHOST are throw-away names; ports are free ones, so
 * {@code :4444} and {@code :7626} in a command become the one-host node's API and management ports
 * ({@link #PORT_SUBSTITUTIONS}), and servers get {@code -D} port overrides through GATOR_JAVA_OPTS, which
 * bin/gator passes to java; ACTION_ID is set to the last {@code Following action ID} mig printed.
 */
class DocsCommandsTest {
    static final Path REPO = Path.of(System.getProperty("basedir", ".")).resolve("..").toAbsolutePath().normalize();

    /** Pages in session order (later pages use what install.md set up); other docs/*.md follow, sorted. */
    static final List<String> ORDER = List.of("README.md", "docs/install.md", "docs/investigate.md",
            "docs/operate.md", "docs/security.md", "docs/architecture.md");

    /** Documented default ports, replaced by free ones in commands: key = text in the docs. */
    static final List<String> PORT_SUBSTITUTIONS = List.of(":4444", ":7626");

    // ------------------------------------------------------------------ the reviewed table

    sealed interface Way permits Run, Server, SetUp, Elsewhere {}

    /** Run in the session; exit code and a pattern found in stdout+stderr; retried for {@code retry}. */
    record Run(int exit, String expect, Duration retry) implements Way {}

    /**
     * Started in the background with {@code javaOpts} (placeholders {@code {api} {mgmt} {artery} {saApi} {saMgmt}})
     * as GATOR_JAVA_OPTS; ready when {@code ready} appears in its output; after SIGTERM its output must
     * show {@code onStop} (empty: nothing checked).
     */
    record Server(String ready, String javaOpts, String onStop) implements Way {}

    record SetUp(String why) implements Way {}

    /** Not run here; {@code coveredBy} names the test classes (checked to exist) that exercise the same thing. */
    record Elsewhere(String coveredBy, String why) implements Way {}

    record Entry(Pattern command, Way way) {}

    static Entry entry(String regex, Way way) {
        return new Entry(Pattern.compile(regex), way);
    }

    static Run ok(String expect) {
        return new Run(0, expect, Duration.ZERO);
    }

    static final String LAUNCHED = "Following action ID \\d+\\.[\\s\\S]*\\d+ sent, \\d+ done";

    static final List<Entry> TABLE = List.of(
            // README.md, install.md: one machine
            entry("bin/gator standalone", new Server("Gator standalone is up",
                    "-Dgator.api.port={saApi} -Dgator.api.public-url=http://localhost:{saApi}"
                            + " -Dpekko.management.http.port={saMgmt}", "")),
            entry("MIGRC=data/migrc bin/mig file -yes -t all -path /etc -name '\\^passwd\\$'",
                    ok(LAUNCHED + "[\\s\\S]*/etc/passwd \\[")),
            entry("mvn -B -Dgator.fixtures.required=true verify", new Elsewhere("DocsCommandsTest",
                    ".ci/run runs exactly this line; running the build from inside the build would recurse")),
            // help of every role and of mig
            entry("bin/gator --help", ok("Usage: gator")),
            entry("bin/gator (standalone|scheduler|api|agent|loader|fleet|db|investigator) --help", ok("-c, --config=FILE")),
            entry("bin/mig help", ok("usage: mig <module>")),
            // install.md: production roles on one host
            entry("export GATOR_DB=gator GATOR_VHOST=mig", new SetUp(
                    "the test exports its own throw-away names (gator_docs_*), dropped at the end")),
            entry("psql -h 127.0.0.1 -U postgres -c \"CREATE DATABASE \\$GATOR_DB\"", ok("CREATE DATABASE")),
            entry("rabbitmqctl add_vhost \"\\$GATOR_VHOST\"", ok("")),
            entry("rabbitmqctl set_permissions -p \"\\$GATOR_VHOST\" guest '.\\*' '.\\*' '.\\*'", ok("")),
            entry("export GATOR_DB_URL=.*|export GATOR_RELAY_URI=.*", ok("")),
            entry("gpg --batch --passphrase '' --quick-gen-key '(alice|bob) <(alice|bob)@example.net>' ed25519 sign never",
                    ok("")),
            entry("gpg --armor --export (alice|bob)@example.net > (alice|bob).asc", ok("")),
            entry("bin/gator db init -c config/onehost/node.conf", ok("schema ready")),
            entry("bin/gator investigator create --admin --name alice --pubkey alice.asc -c config/onehost/node.conf",
                    ok("investigator \\d+ 'alice' [0-9A-F]{40} active \\(admin\\)")),
            entry("bin/gator investigator create --name bob --pubkey bob.asc -c config/onehost/node.conf",
                    ok("investigator \\d+ 'bob' [0-9A-F]{40}")),
            entry("mkdir -p agentkeys && cp alice.asc bob.asc agentkeys/", ok("")),
            entry("(alice|bob)=\\$\\(gpg --with-colons --fingerprint (alice|bob)@example.net \\| awk .*\\)", ok("")),
            entry("printf '\\{\"default\".* > acl.json", ok("")),
            entry("bin/gator scheduler -c config/onehost/node.conf", new Server(
                    "relay topology declared; consuming results and heartbeats",
                    "-Dgator.api.port={api} -Dgator.api.public-url=http://localhost:{api}"
                            + " -Dpekko.remote.artery.canonical.port={artery} -Dpekko.management.http.port={mgmt}",
                    "Exiting completed")),
            entry("bin/gator agent -c config/onehost/agent.conf", new Server("agent linux\\.\\S+ started", "", "")),
            entry("printf '\\[api\\].*' > (alice|bob)\\.migrc", ok("")),
            entry("export MIGRC=\"\\$PWD/alice.migrc\"", ok("")),
            entry("bin/mig agent search \"status='online'\"", new Run(0, "online\\s+linux", Duration.ofSeconds(60))),
            entry("bin/mig file -yes -t all -path /etc -name '\\^passwd\\$'", ok(LAUNCHED + "[\\s\\S]*/etc/passwd \\[")),
            // install.md: a cluster (other hosts, root, systemd)
            entry("sudo rabbitmqctl import_definitions /opt/gator/config/rabbitmq/definitions.json",
                    new Elsewhere("RabbitDefinitionsTest", "imports this file (under a unique prefix) into the real "
                            + "RabbitMQ and checks what agents and schedulers may do")),
            entry("psql -h db.example.net -U gator -d gator -v ON_ERROR_STOP=1 -f /opt/gator/config/postgresql/roles.sql",
                    new Elsewhere("PostgresRolesTest", "runs roles.sql on a throw-away database and checks each "
                            + "role's privileges")),
            entry("GATOR_JAVA_OPTS=-Dgator.persistence.user=gator GATOR_DB_PASSWORD=\"\\$OWNER_PASSWORD\" "
                    + "java -Dgator.home=/opt/gator -jar /opt/gator/gator.jar db init -c /etc/gator/scheduler.conf",
                    new Elsewhere("GatorMainTest, DocsCommandsTest", "db init against PostgreSQL: GatorMainTest on "
                            + "a throw-away database, and this test through bin/gator (install.md, one host)")),
            entry("sudo systemctl daemon-reload", new Elsewhere("DocsCommandsTest",
                    "systemd is absent in CI; systemdUnitsStartRolesThatExist checks each unit's ExecStart")),
            entry("sudo systemctl enable --now gator-(scheduler|api|agent)", new Elsewhere(
                    "DocsCommandsTest, ThreeNodeFailoverTest", "each unit starts a role this test starts through "
                            + "bin/gator; three scheduler nodes forming a cluster: ThreeNodeFailoverTest")),
            entry("sudo systemctl (stop|restart) gator-(scheduler|api|agent)", new Elsewhere(
                    "DocsCommandsTest, ThreeNodeFailoverTest", "SIGTERM (what systemctl stop sends): this test stops "
                            + "the one-host node with SIGTERM and checks it left the cluster (Exiting completed); a "
                            + "node that dies without leaving: ThreeNodeFailoverTest")),
            entry("curl -s http://sched-1.example.net:7626/cluster/members", new Elsewhere(
                    "DocsCommandsTest, ThreeNodeFailoverTest", "the same endpoint on the one-host node is run here "
                            + "(curl -s http://127.0.0.1:7626/...); on three nodes: ThreeNodeFailoverTest")),
            // install.md: endpoints with the loader only
            entry("sudo java @/opt/gator/loader\\.jvm -jar /opt/gator/gator-loader\\.jar loader -check -c /etc/gator/loader\\.conf",
                    new Elsewhere("LoaderTest, LoaderSettingsTest", "-check against MIG's captured loader answers on "
                            + "127.0.0.1 (checkOnlyReportsWhatWouldChangeAndFetchesNothing); the jar's loader entry "
                            + "point and a bad key file: malformedKeyIsRefusedBeforeAnyRequest")),
            entry("sudo systemctl enable gator-agent", new Elsewhere("DocsCommandsTest",
                    "systemd is absent in CI; systemdUnitsStartRolesThatExist checks each unit's ExecStart")),
            entry("sudo systemctl enable --now gator-loader\\.timer", new Elsewhere("DocsCommandsTest, LoaderTest",
                    "systemd is absent in CI; systemdUnitsStartRolesThatExist checks the loader unit's ExecStart, "
                            + "LoaderTest what one run of it does")),
            // investigate.md
            entry("bin/mig file -yes -t all -path /etc -name '\\^passwd\\$' -content '\\^root:'",
                    ok(LAUNCHED + "[\\s\\S]*/etc/passwd \\[")),
            entry("bin/mig file -yes -t all -path /etc/ssl -sha2 [0-9a-f]{64}",
                    ok(LAUNCHED)),
            entry("bin/mig netstat -yes -t all -lp 5672", ok(LAUNCHED + "[\\s\\S]*found listening port 5672")),
            entry("bin/mig memory -yes -t all -name java -lib libjli", ok(LAUNCHED + "[\\s\\S]*bin/java \\[pid:")),
            entry("bin/mig pkg -yes -json -show all -t all -name '\\^bash\\$'", new Run(io.gator.cli.ExitCode.COMMANDS_UNSUCCESSFUL.code(),
                    "\"failed\"[\\s\\S]*insufficient weight", Duration.ZERO)),
            entry("bin/mig timedrift -yes -t all -drift 5s", ok(LAUNCHED + "[\\s\\S]*local time is")),
            entry("bin/mig ping -yes -t all -d 127.0.0.1 -p tcp -dp 5672 -c 1", ok(LAUNCHED + "[\\s\\S]*Target is reachable")),
            entry("bin/mig sshkey help", ok("-maxdepth <int> - override default search depth of 8")),
            entry("bin/mig agentdestroy", new Run(1, "does not support command line invocation", Duration.ZERO)),
            entry("bin/mig agent search \"(environment|queueloc).*\"", ok("online\\s+linux")),
            entry("bin/mig agent search \"name = 'x'; DROP TABLE agents\"",
                    new Run(1, "unexpected ';' at position 11", Duration.ZERO)),
            entry("bin/mig file -yes -t \".*\" -path /etc -name '\\^hostname\\$'", ok(LAUNCHED)),
            entry("bin/mig pkg -s -t all -name '\\^bash\\$' > pkg-action.json", ok("")),
            entry("MIGRC=\"\\$PWD/bob.migrc\" bin/mig -i pkg-action.json -yes", ok(LAUNCHED + "[\\s\\S]*pkgmatch name=bash")),
            // operate.md
            entry("curl -s http://127.0.0.1:7626/cluster/members", ok("\"status\":\"Up\"")),
            entry("curl -s -o /dev/null -w '%\\{http_code\\}\\\\n' http://127.0.0.1:7626/ready", ok("^200")),
            entry("bin/mig action events \"\\$ACTION_ID\"", ok("ActionCreated[\\s\\S]*ActionCompleted")),
            entry("bin/mig action show \"\\$ACTION_ID\"", ok("completed")),
            entry("bin/mig status", ok("online agents")),
            entry("bin/mig investigator search", ok("alice[\\s\\S]*bob")),
            entry("bin/mig investigator (disable|enable) 2", ok("bob")),
            entry("bin/gator investigator enable alice -c config/onehost/node.conf",
                    ok("investigator \\d+ 'alice' [0-9A-F]{40} active \\(admin\\)")),
            entry("rabbitmqctl list_queues -p \"\\$GATOR_VHOST\" name messages consumers", ok("mig.agt.results\\s+0\\s+1")),
            entry("psql -h 127.0.0.1 -U postgres -d \"\\$GATOR_DB\" -c .*", ok("\\(\\d+ rows?\\)")));

    // ------------------------------------------------------------------ extraction

    /** A command shown in the docs. */
    record DocCommand(String file, int line, String text) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + text;
        }
    }

    static List<String> pages() throws IOException {
        List<String> pages = new ArrayList<>(ORDER);
        try (Stream<Path> docs = Files.list(REPO.resolve("docs"))) {
            docs.map(p -> "docs/" + p.getFileName()).filter(p -> p.endsWith(".md") && !pages.contains(p)).sorted()
                    .forEach(pages::add);
        }
        pages.removeIf(p -> !Files.exists(REPO.resolve(p)));
        return pages;
    }

    static List<DocCommand> commands() throws IOException {
        List<DocCommand> out = new ArrayList<>();
        for (String page : pages()) {
            List<String> lines = Files.readAllLines(REPO.resolve(page));
            String fence = null;
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                if (l.startsWith("```")) {
                    fence = fence == null ? l.substring(3).trim() : null;
                    continue;
                }
                if ("console".equals(fence) && l.startsWith("$ ")) {
                    int first = i;
                    StringBuilder cmd = new StringBuilder(l.substring(2));
                    while (cmd.toString().endsWith("\\") && i + 1 < lines.size()) {
                        cmd.setLength(cmd.length() - 1);
                        cmd.append(lines.get(++i).trim().isEmpty() ? "" : " " + lines.get(i).trim());
                    }
                    out.add(new DocCommand(page, first + 1, cmd.toString().replaceAll("\\s+", " ").trim()));
                }
            }
        }
        return out;
    }

    static Entry entryFor(DocCommand c) {
        List<Entry> m = TABLE.stream().filter(e -> e.command().matcher(c.text()).matches()).toList();
        if (m.size() != 1) {
            fail(c + "\n  matches " + m.size() + " entries of DocsCommandsTest.TABLE (exactly one wanted): "
                    + m.stream().map(e -> e.command().pattern()).toList());
        }
        return m.get(0);
    }

    // ------------------------------------------------------------------ static checks

    @Test
    void everyDocumentedCommandMatchesExactlyOneEntryAndNoEntryIsStale() throws Exception {
        List<DocCommand> cmds = commands();
        assertTrue(cmds.size() > 20, "too few commands found: " + cmds);
        List<String> problems = new ArrayList<>();
        for (DocCommand c : cmds) {
            long n = TABLE.stream().filter(e -> e.command().matcher(c.text()).matches()).count();
            if (n != 1) {
                problems.add(c + "  (matches " + n + " entries; add or fix one in DocsCommandsTest.TABLE)");
            }
        }
        for (Entry e : TABLE) {
            if (cmds.stream().noneMatch(c -> e.command().matcher(c.text()).matches())) {
                problems.add("stale table entry, no command in the docs matches: " + e.command().pattern());
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void commandsSitOnlyInConsoleBlocks() throws Exception {
        Pattern looksLikeCommand = Pattern.compile(
                "^(\\s{4,}|\\t)\\$?\\s*(bin/|mig |mvn |sudo |rabbitmqctl |psql |curl |gpg |systemctl |java )");
        List<String> problems = new ArrayList<>();
        for (String page : pages()) {
            List<String> lines = Files.readAllLines(REPO.resolve(page));
            String fence = null;
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                if (l.startsWith("```")) {
                    fence = fence == null ? l.substring(3).trim() : null;
                    if (fence != null && Set.of("sh", "bash", "shell", "shell-session", "zsh").contains(fence)) {
                        problems.add(page + ":" + (i + 1) + ": ```" + fence + " block: shell commands go in ```console "
                                + "blocks with '$ ' prompts, so that DocsCommandsTest runs them");
                    }
                    continue;
                }
                if (fence == null && looksLikeCommand.matcher(l).find()) {
                    problems.add(page + ":" + (i + 1) + ": indented command: put it in a ```console block: " + l.trim());
                }
                if ("console".equals(fence) && !l.startsWith("$ ") && l.startsWith("$")) {
                    problems.add(page + ":" + (i + 1) + ": a prompt is '$ ' followed by the command: " + l);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void testsNamedAsCoveringACommandExist() throws Exception {
        Set<String> testFiles;
        try (Stream<Path> all = Files.walk(REPO)) {
            testFiles = all.filter(p -> p.toString().contains("/src/test/java/") && p.toString().endsWith(".java"))
                    .map(p -> p.getFileName().toString().replace(".java", "")).collect(Collectors.toSet());
        }
        for (Entry e : TABLE) {
            if (e.way() instanceof Elsewhere el) {
                for (String name : el.coveredBy().split(",\\s*")) {
                    assertTrue(testFiles.contains(name), "no test class " + name + " (entry " + e.command().pattern() + ")");
                }
                assertTrue(el.why().length() > 20, "say why: " + e.command().pattern());
            }
        }
    }

    /** What the systemd units start: a role bin/gator has, with an example config this repo ships. */
    @Test
    void systemdUnitsStartRolesThatExist() throws Exception {
        Pattern exec = Pattern.compile("(?m)^ExecStart=/usr/bin/java \\$GATOR_JAVA_OPTS -Dgator.home=/opt/gator "
                + "-jar /opt/gator/gator.jar (\\w+) -c /etc/gator/(\\w+)\\.conf$");
        Set<String> roles = GatorMain.commandLine().getSubcommands().keySet();
        List<Path> units;
        try (Stream<Path> s = Files.list(REPO.resolve("config/systemd"))) {
            units = s.filter(p -> p.toString().endsWith(".service")).sorted().toList();
        }
        assertEquals(4, units.size(), units.toString());
        // the agent runs from its own jar (agent-runtime's gator-agent.jar) with the options of config/agent.jvm
        Pattern agentExec = Pattern.compile("(?m)^ExecStart=/usr/bin/java @/opt/gator/agent\\.jvm .*"
                + "-jar /opt/gator/gator-agent\\.jar -c /etc/gator/(\\w+)\\.conf$");
        // the loader runs from a copy of the agent's jar, with the options of config/loader.jvm
        Pattern loaderExec = Pattern.compile("(?m)^ExecStart=/usr/bin/java @/opt/gator/loader\\.jvm .*"
                + "-jar /opt/gator/gator-loader\\.jar (\\w+) -c /etc/gator/(\\w+)\\.conf$");
        for (Path unit : units) {
            Matcher l = loaderExec.matcher(Files.readString(unit));
            if (l.find()) {
                assertTrue(Files.exists(REPO.resolve("config/loader.jvm")), unit + ": no config/loader.jvm");
                assertTrue(roles.contains(l.group(1)), unit + " starts unknown role " + l.group(1));
                assertTrue(Files.exists(REPO.resolve("config/" + l.group(2) + ".conf")), unit + ": no example config/"
                        + l.group(2) + ".conf");
                continue;
            }
            Matcher a = agentExec.matcher(Files.readString(unit));
            if (a.find()) {
                assertTrue(Files.exists(REPO.resolve("config/agent.jvm")), unit + ": no config/agent.jvm");
                assertTrue(Files.exists(REPO.resolve("config/" + a.group(1) + ".conf")), unit + ": no example config/"
                        + a.group(1) + ".conf");
                continue;
            }
            Matcher m = exec.matcher(Files.readString(unit));
            assertTrue(m.find(), unit + ": ExecStart is neither java -jar gator.jar <role> -c /etc/gator/<file>.conf nor the agent jar");
            assertTrue(roles.contains(m.group(1)), unit + " starts unknown role " + m.group(1));
            assertTrue(Files.exists(REPO.resolve("config/" + m.group(2) + ".conf")), unit + ": no example config/"
                    + m.group(2) + ".conf");
        }
    }

    /**
     * The example files under config/ are documentation too: every key they set is one the code reads (a
     * key of some reference.conf), or sits under a free-form section such as {@code gator.agent.tags}.
     */
    @Test
    void exampleConfigFilesSetOnlyKeysTheCodeReads() throws Exception {
        com.typesafe.config.Config reference = com.typesafe.config.ConfigFactory.defaultReference();
        List<Path> files;
        try (Stream<Path> all = Files.walk(REPO.resolve("config"))) {
            files = all.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
        List<String> unknown = new ArrayList<>();
        for (Path f : files) {
            // the file's own keys: its include of reference.conf left out
            String text = Files.readString(f).replaceAll("(?m)^include .*$", "");
            com.typesafe.config.Config c = com.typesafe.config.ConfigFactory.parseString(text)
                    .resolve(com.typesafe.config.ConfigResolveOptions.defaults().setAllowUnresolved(true));
            for (var e : c.entrySet()) {
                String key = e.getKey();
                if (!key.startsWith("gator.") && !key.startsWith("pekko.")) {
                    unknown.add(REPO.relativize(f) + ": " + key + " (neither gator.* nor pekko.*)");
                    continue;
                }
                if (!known(reference, key)) {
                    unknown.add(REPO.relativize(f) + ": " + key);
                }
            }
        }
        assertEquals(List.of(), unknown, "keys no reference.conf defines (a typo the code would silently ignore)");
    }

    /** The key, or a prefix of it that reference.conf defines as an object left empty (free-form, like tags). */
    static boolean known(com.typesafe.config.Config reference, String key) {
        if (reference.hasPathOrNull(key)) {
            return true;
        }
        List<String> parts = com.typesafe.config.ConfigUtil.splitPath(key);
        for (int i = parts.size() - 1; i > 0; i--) {
            String prefix = com.typesafe.config.ConfigUtil.joinPath(parts.subList(0, i));
            if (reference.hasPathOrNull(prefix)) {
                com.typesafe.config.ConfigValue v = reference.getValue(prefix);
                return v instanceof com.typesafe.config.ConfigObject o && o.isEmpty();
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ running them

    /** The shell session: environment and working directory carried from one command to the next. */
    static final class Session {
        final Path work;
        final Map<String, String> env = new LinkedHashMap<>();
        Path cwd;
        final Map<String, String> placeholders = new HashMap<>();
        final Map<String, Process> servers = new LinkedHashMap<>();
        final Map<String, Path> serverLogs = new HashMap<>();
        final Map<String, Server> serverWays = new HashMap<>();
        int serial;

        Session(Path work) {
            this.work = work;
            this.cwd = work;
        }

        String substitute(String command) {
            String c = command;
            c = c.replace(":4444", ":" + placeholders.get("api")).replace(":7626", ":" + placeholders.get("mgmt"));
            return c;
        }

        Path script(String command, boolean capture) throws IOException {
            Path state = work.resolve(".session");
            Files.createDirectories(state);
            Path f = state.resolve("cmd-" + (++serial) + ".sh");
            // allexport: a plain assignment (alice=$(...)) reaches the next command as in one interactive shell
            String body = (capture ? "set -a\n" : "") + command + "\n";
            if (capture) {
                body += "__docs_rc=$?\nenv -0 > '" + state.resolve("env") + "'\npwd > '" + state.resolve("pwd")
                        + "'\nexit $__docs_rc\n";
            }
            Files.writeString(f, body);
            return f;
        }

        record Result(int code, String output) {}

        Result run(String command, Duration timeout) throws Exception {
            Path f = script(command, true);
            Path out = f.resolveSibling(f.getFileName() + ".out");
            ProcessBuilder pb = new ProcessBuilder("bash", f.toString()).directory(cwd.toFile())
                    .redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                kill(p, Duration.ofSeconds(5));
                return new Result(-1, "timed out after " + timeout + "\n" + Files.readString(out));
            }
            Path envFile = work.resolve(".session/env");
            if (Files.exists(envFile)) {
                Map<String, String> next = new LinkedHashMap<>();
                for (String kv : Files.readString(envFile).split("\0")) {
                    int eq = kv.indexOf('=');
                    if (eq > 0 && !Set.of("_", "SHLVL", "PWD", "OLDPWD").contains(kv.substring(0, eq))) {
                        next.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
                env.clear();
                env.putAll(next);
                cwd = Path.of(Files.readString(work.resolve(".session/pwd")).trim());
                Files.delete(envFile);
            }
            return new Result(p.exitValue(), Files.readString(out));
        }

        void start(String command, Server way) throws Exception {
            if (servers.containsKey(command)) {
                return; // the same server shown twice (README and install.md): already running
            }
            Path f = script(command, false);
            Path log = f.resolveSibling(f.getFileName() + ".log");
            ProcessBuilder pb = new ProcessBuilder("bash", f.toString()).directory(cwd.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            String opts = way.javaOpts();
            for (var p : placeholders.entrySet()) {
                opts = opts.replace("{" + p.getKey() + "}", p.getValue());
            }
            pb.environment().put("GATOR_JAVA_OPTS", opts);
            Process p = pb.start();
            servers.put(command, p);
            serverLogs.put(command, log);
            serverWays.put(command, way);
            Pattern ready = Pattern.compile(way.ready());
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (System.nanoTime() < deadline) {
                if (ready.matcher(Files.readString(log)).find()) {
                    return;
                }
                if (!p.isAlive()) {
                    fail("server command exited (" + p.exitValue() + ") before '" + way.ready() + "': " + command
                            + "\n" + tail(Files.readString(log)));
                }
                Thread.sleep(250);
            }
            fail("no '" + way.ready() + "' within 180 s: " + command + "\n" + tail(Files.readString(log)));
        }

        /** SIGTERM to every server (newest first), then the checks of what they log while stopping. */
        List<String> stopAll() throws Exception {
            List<String> problems = new ArrayList<>();
            List<String> names = new ArrayList<>(servers.keySet());
            java.util.Collections.reverse(names);
            for (String name : names) {
                kill(servers.get(name), Duration.ofSeconds(40));
                String onStop = serverWays.get(name).onStop();
                String log = Files.readString(serverLogs.get(name));
                if (!onStop.isEmpty() && !log.contains(onStop)) {
                    problems.add("after SIGTERM, '" + name + "' did not log '" + onStop + "':\n" + tail(log));
                }
            }
            servers.clear();
            return problems;
        }

        static void kill(Process p, Duration grace) throws InterruptedException {
            List<ProcessHandle> all = new ArrayList<>(p.toHandle().descendants().toList());
            all.add(p.toHandle());
            all.forEach(ProcessHandle::destroy);
            long deadline = System.nanoTime() + grace.toNanos();
            for (ProcessHandle h : all) {
                while (h.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                h.destroyForcibly();
            }
        }
    }

    static String tail(String s) {
        return s.length() > 4000 ? "..." + s.substring(s.length() - 4000) : s;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void postgres(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /**
     * The runtime classpath: this test's classpath without test classes and test-scoped jars (JUnit, test-jars,
     * and whatever platform/pom.xml declares with {@code <scope>test</scope>}), i.e. what the shade plugin packs
     * into gator.jar. A dependency narrowed to test scope is thus missing here as it would be from the jar.
     */
    static String runtimeClasspath() throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String pom = Files.readString(REPO.resolve("platform/pom.xml"));
        List<String> testScoped = new ArrayList<>(List.of("junit-", "opentest4j-", "apiguardian-api-"));
        Matcher dep = Pattern.compile("<dependency>\\s*<groupId>[^<]+</groupId>\\s*<artifactId>([^<]+)</artifactId>"
                + "((?:(?!</dependency>)[\\s\\S])*)</dependency>").matcher(pom);
        while (dep.find()) {
            if (dep.group(2).contains("<scope>test</scope>") && !dep.group(2).contains("<type>test-jar</type>")) {
                testScoped.add(dep.group(1) + "-");
            }
        }
        List<String> kept = new ArrayList<>();
        for (String e : cp.split(java.io.File.pathSeparator)) {
            String name = Path.of(e).getFileName().toString();
            boolean test = e.endsWith("test-classes") || name.endsWith("-tests.jar")
                    || testScoped.stream().anyMatch(name::startsWith) || name.startsWith("surefire");
            if (!test && !e.isBlank()) {
                kept.add(e);
            }
        }
        return String.join(java.io.File.pathSeparator, kept);
    }

    /**
     * bin/gator and bin/mig as the working directory's launchers: each script's own {@code exec java ...} line
     * with {@code -jar "$jar"} replaced by the runtime classpath and the jar's main class (so the JVM options
     * are the scripts'), and {@code $here} by the checkout.
     */
    static void prepareWorkspace(Path w) throws IOException {
        String cp = runtimeClasspath();
        // mig.jar is investigator-cli and what it depends on: its classes first, so its own logback.xml (WARN,
        // to stderr) wins over the server modules' (INFO, to stdout, which would corrupt `mig -s > file`)
        List<String> entries = List.of(cp.split(java.io.File.pathSeparator));
        List<String> migCp = new ArrayList<>(entries.stream().filter(e -> e.contains("investigator-cli")).toList());
        assertEquals(1, migCp.size(), "investigator-cli on the classpath: " + migCp);
        entries.stream().filter(e -> !e.contains("investigator-cli") && !e.contains("/platform/target/classes"))
                .forEach(migCp::add);
        Map<String, String> classpaths = Map.of("gator", cp, "mig", String.join(java.io.File.pathSeparator, migCp));
        Files.createDirectories(w.resolve("bin"));
        Map<String, String> mains = Map.of("gator", "io.gator.platform.GatorMain", "mig", "io.gator.cli.MigMain");
        for (var script : mains.entrySet()) {
            List<String> execs = Files.readAllLines(REPO.resolve("bin/" + script.getKey())).stream()
                    .filter(l -> l.startsWith("exec java ")).toList();
            assertEquals(1, execs.size(), "bin/" + script.getKey() + " has one exec java line");
            String exec = execs.get(0);
            assertTrue(exec.contains("-jar \"$jar\""), "bin/" + script.getKey() + " runs -jar \"$jar\": " + exec);
            String line = exec.replace("-jar \"$jar\"", "-cp '" + classpaths.get(script.getKey()) + "' "
                    + script.getValue())
                    .replace("\"$here\"", "'" + REPO + "'");
            Path f = w.resolve("bin/" + script.getKey());
            Files.writeString(f, "#!/usr/bin/env bash\n# DocsCommandsTest: bin/" + script.getKey()
                    + " on the runtime classpath\nset -euo pipefail\n" + line + "\n");
            f.toFile().setExecutable(true);
        }
        Files.createSymbolicLink(w.resolve("config"), REPO.resolve("config"));
        Files.createDirectories(w.resolve(".gnupg"));
        Files.setPosixFilePermissions(w.resolve(".gnupg"), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void theLaunchersRunWithoutTestScopedJars() throws Exception {
        String cp = runtimeClasspath();
        assertTrue(cp.contains("postgresql-"), "the PostgreSQL driver must be a runtime dependency: " + cp);
        assertTrue(!cp.contains("junit-jupiter") && !cp.contains("test-classes"), cp);
        assertTrue(cp.contains("qpid-broker-core") && cp.contains("picocli"), cp);
    }

    @Test
    void documentedCommandsRunAgainstPlatformsThisTestStarts(@TempDir Path tmp) throws Exception {
        // a short path: gpg-agent's socket path must stay under 108 bytes
        Path w = tmp.toRealPath();
        prepareWorkspace(w);
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String db = "gator_docs_" + suffix;
        String vhost = "gator_docs_" + suffix;
        Session s = new Session(w);
        s.env.putAll(System.getenv());
        for (String k : List.of("MIGRC", "GATOR_JAVA_OPTS", "MIG_JAVA_OPTS", "GATOR_DB_URL", "GATOR_RELAY_URI",
                "GATOR_DB_USER", "GATOR_DB_PASSWORD", "GATOR_HOME", "ACTION_ID")) {
            s.env.remove(k);
        }
        s.env.put("HOME", w.toString());
        s.env.put("GNUPGHOME", w.resolve(".gnupg").toString());
        s.env.put("GATOR_DB", db);
        s.env.put("GATOR_VHOST", vhost);
        for (String p : List.of("api", "mgmt", "artery", "saApi", "saMgmt")) {
            s.placeholders.put(p, Integer.toString(freePort()));
        }
        List<String> problems = new ArrayList<>();
        Pattern actionId = Pattern.compile("Following action ID (\\d+)\\.");
        int ran = 0;
        try {
            for (DocCommand c : commands()) {
                Way way = entryFor(c).way();
                String cmd = s.substitute(c.text());
                long t0 = System.nanoTime();
                if (way instanceof Server sv) {
                    s.start(cmd, sv);
                    ran++;
                    System.out.printf("%6d ms  ready   %s%n", (System.nanoTime() - t0) / 1_000_000, c);
                } else if (way instanceof Run r) {
                    long deadline = System.nanoTime() + r.retry().toNanos();
                    Session.Result res;
                    boolean good;
                    do {
                        res = s.run(cmd, Duration.ofSeconds(120));
                        good = res.code() == r.exit() && Pattern.compile(r.expect()).matcher(res.output()).find();
                        if (!good && System.nanoTime() < deadline) {
                            Thread.sleep(2000);
                        }
                    } while (!good && System.nanoTime() < deadline);
                    ran++;
                    Matcher id = actionId.matcher(res.output());
                    String last = null;
                    while (id.find()) {
                        last = id.group(1);
                    }
                    if (last != null) {
                        s.env.put("ACTION_ID", last);
                    }
                    System.out.printf("%6d ms  exit %d  %s%n", (System.nanoTime() - t0) / 1_000_000, res.code(), c);
                    if (!good) {
                        problems.add(c + "\n  ran as: " + cmd + "\n  exit " + res.code() + " (want " + r.exit()
                                + "), want output matching /" + r.expect() + "/:\n" + tail(res.output()));
                        if (problems.size() >= 5) {
                            break;
                        }
                    }
                }
            }
        } finally {
            problems.addAll(s.stopAll());
            // the gpg-agent the documented gpg commands started in the working directory
            ProcessBuilder gpg = new ProcessBuilder("gpgconf", "--kill", "all").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            gpg.environment().put("GNUPGHOME", w.resolve(".gnupg").toString());
            gpg.start().waitFor(10, TimeUnit.SECONDS);
            try {
                postgres("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            } finally {
                new ProcessBuilder("rabbitmqctl", "-q", "delete_vhost", vhost).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
            }
        }
        assertEquals("", String.join("\n\n", problems));
        assertTrue(ran > 20, "only " + ran + " commands ran");
    }
}
