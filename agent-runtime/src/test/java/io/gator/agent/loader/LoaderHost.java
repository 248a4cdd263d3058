package io.gator.agent.loader;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.agent.persist.dispatch.SteppedClock;
import io.gator.core.testing.Fixtures;
import io.gator.core.testing.LoaderFixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A host for one loader test under a temporary directory: the agent's files where the loader keeps them, the
 * loader's keyring (ivan and mallory, who signed MIG's captured manifests), the agent's run-dir, and a restart
 * command that is a script: it logs each call and, when the test lets the agent "come up", writes the heartbeat
 * stamp as the agent would. Time is a clock that only the heartbeat wait moves: no test sleeps.
 */
final class LoaderHost {
    static final String KEY = "Pd1NkCXzmXcxQ4pytUOeKfDwzuQ1CrdyEWEP7fhQ";
    static final Instant START = Instant.parse("2026-12-03T04:00:00Z");
    private static final String ARCHIVE = "mig-wire/loader-runner/loader/inputs/manifest-v2.tar.gz";

    final Path root;
    final Path agentJar;
    final Path agentConf;
    final Path keyring;
    final Path stamp;
    final Path restarts;
    final SteppedClock clock = new SteppedClock(START);
    final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final Path beat;
    private String extraConfig = "";

    LoaderHost(Path root) throws Exception {
        this.root = root;
        agentJar = root.resolve("opt/gator/gator-agent.jar");
        agentConf = root.resolve("etc/gator/agent.conf");
        keyring = root.resolve("etc/gator/loaderkeys");
        stamp = root.resolve("var/lib/gator-agent/heartbeat");
        restarts = root.resolve("restarts.log");
        beat = root.resolve("agent-comes-up-with");
        Files.createDirectories(agentJar.getParent());
        Files.createDirectories(agentConf.getParent());
        Files.createDirectories(keyring);
        Files.createDirectories(stamp.getParent());
        List<String> keys = LoaderFixtures.investigatorKeys();
        Files.writeString(keyring.resolve("ivan.asc"), keys.get(0));
        Files.writeString(keyring.resolve("mallory.asc"), keys.get(1));
        Path script = root.resolve("restart-agent.sh");
        Files.writeString(script, "#!/bin/sh\n"
                + "echo restart >> '" + restarts + "'\n"
                + "if [ -f '" + beat + "' ]; then cp '" + beat + "' '" + stamp + "'; fi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    }

    /** MIG's v2 agent stand-in as MIG's loader installed it: its first 8192 bytes (finding L1 of the capture). */
    static byte[] migAgentV2() throws Exception {
        return Arrays.copyOf(v2("mig-agent"), 8192);
    }

    /** MIG's v2 agent configuration as installed: its first 4096 bytes. */
    static byte[] configurationV2() throws Exception {
        return Arrays.copyOf(v2("configuration"), 4096);
    }

    /** A file of the archive MIG's manifest 2 was made from. */
    private static byte[] v2(String name) throws Exception {
        return io.gator.core.manifest.ManifestArchive.read(Files.readAllBytes(Fixtures.path(ARCHIVE))).file(name)
                .orElseThrow().content();
    }

    /** The files a host holds after MIG's v2 manifest was installed. */
    LoaderHost holdingV2() throws Exception {
        Files.write(agentJar, migAgentV2());
        Files.write(agentConf, configurationV2());
        Files.setPosixFilePermissions(agentJar, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(agentConf, PosixFilePermissions.fromString("rw-------"));
        return this;
    }

    /** The files a host held before v2: the empty files MIG's v1 left (case 07). */
    LoaderHost holdingV1() throws Exception {
        Files.write(agentJar, new byte[0]);
        Files.write(agentConf, new byte[0]);
        return this;
    }

    /** After the next restart the agent publishes a heartbeat this long after the restart. */
    LoaderHost agentHeartbeatsAfter(Duration d) throws Exception {
        Files.writeString(beat, START.plus(d) + " 4242\n");
        return this;
    }

    /** The old agent's last heartbeat, before any restart. */
    LoaderHost lastHeartbeatBefore(Duration d) throws Exception {
        Files.writeString(stamp, START.minus(d) + " 4141\n");
        return this;
    }

    LoaderHost with(String hocon) {
        extraConfig += "\n" + hocon;
        return this;
    }

    Config config(String apiUrl) {
        return ConfigFactory.parseString("gator.loader {\n"
                + "  api-url = \"" + apiUrl + "\"\n"
                + "  loader-key = \"" + KEY + "\"\n"
                + "  keyring = \"" + keyring + "\"\n"
                + "  required-signatures = 2\n"
                + "  files {\n"
                + "    mig-agent.path = \"" + agentJar + "\"\n"
                + "    mig-loader.path = \"\"\n"
                + "    configuration.path = \"" + agentConf + "\"\n"
                + "    agentcert.path = \"\"\n"
                + "    agentkey.path = \"\"\n"
                + "    cacert.path = \"\"\n"
                + "    loaderconfig.path = \"\"\n"
                + "  }\n"
                + "  restart-command = [\"" + root.resolve("restart-agent.sh") + "\"]\n"
                + "  heartbeat-stamp = \"" + stamp + "\"\n"
                + "  heartbeat-timeout = 120s\n"
                + "  heartbeat-poll = 1s\n"
                + "  state-dir = \"" + root.resolve("var/lib/gator-loader") + "\"\n"
                + "  agent-run-dir = \"" + stamp.getParent() + "\"\n"
                + "  name = \"vm\"\n"
                + "  tags { operator = \"cap2\" }\n"
                + "  public-ip = \"127.0.0.1\"\n"
                + "}" + extraConfig).withFallback(ConfigFactory.load()).resolve();
    }

    /** One loader run against the API at {@code apiUrl}; returns its exit code. */
    int run(String apiUrl, boolean checkOnly) throws Exception {
        LoaderSettings s = LoaderSettings.from(config(apiUrl));
        LoaderLog log = new LoaderLog(new java.io.PrintWriter(new PrintStream(output, true, StandardCharsets.UTF_8), true), clock);
        return new LoaderRun(s, new LoaderApi(HttpClient.newHttpClient(), s), log, clock, clock::step).run(checkOnly);
    }

    int run(String apiUrl) throws Exception {
        return run(apiUrl, false);
    }

    String log() {
        return output.toString(StandardCharsets.UTF_8);
    }

    int restartCount() throws Exception {
        return Files.exists(restarts) ? Files.readAllLines(restarts).size() : 0;
    }

    /** Files left in a directory besides the expected ones (staged temporaries would show here). */
    List<String> namesIn(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
