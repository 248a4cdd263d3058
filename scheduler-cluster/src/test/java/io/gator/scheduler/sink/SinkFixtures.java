package io.gator.scheduler.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.core.json.MigJson;
import io.gator.core.testing.Fixtures;
import io.gator.scheduler.action.TargetAgent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;

/** A run built from MIG's captured RunnerResult (its action and its agent's results), and sink settings for tests. */
final class SinkFixtures {
    static final String RECEIVED = "mig-wire/loader-runner/runner/plugin-received/20261202T093725.044577392Z.json";

    private SinkFixtures() {}

    static JsonNode migRunnerResult() throws IOException {
        return MigJson.mapper().readTree(Fixtures.read(RECEIVED));
    }

    /** The captured run with two agents: the fixture's agent and a second one that never answered. */
    static RunResults run(long actionId) throws IOException {
        JsonNode mig = migRunnerResult();
        JsonNode cmd = mig.get("commands").get(0);
        String action = MigJson.mapper().writeValueAsString(mig.get("action"));
        TargetAgent a = new TargetAgent(cmd.get("agent").get("id").asLong(), cmd.get("agent").get("name").asText(),
                "linux.a001", "", "0.unversioned", 42);
        TargetAgent b = new TargetAgent(7, "b002.test", "linux.b002", "", "0.unversioned", 43);
        return new RunResults(actionId, action, "expired", Instant.parse("2026-12-02T09:36:00Z"),
                Instant.parse("2026-12-02T09:37:20Z"), List.of(
                        new RunResults.CommandResult(101, a, "success",
                                MigJson.mapper().writeValueAsString(cmd.get("results"))),
                        new RunResults.CommandResult(102, b, "expired", "")));
    }

    static SinkSettings settings(Path dir, String overrides) {
        Config c = ConfigFactory.parseString("gator.scheduler.sinks { jsonl-directory = \"" + dir.resolve("out")
                        + "\"\n plugin-directory = \"" + dir.resolve("plugins") + "\"\n retry-min = 20ms\n retry-max = 200ms\n"
                        + " results-delay = 0s\n plugin-timeout = 10s\n" + overrides + "\n}")
                .withFallback(ConfigFactory.load());
        return SinkSettings.from(c);
    }

    /** Installs the test plugin (resources lose their mode bits) into {@code dir/plugins}. */
    static Path installPlugin(Path dir, String name, String body) throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path exe = plugins.resolve(name);
        if (body == null) {
            try (InputStream in = SinkFixtures.class.getResourceAsStream("/sinks/recordstdin")) {
                Files.copy(in, exe, StandardCopyOption.REPLACE_EXISTING);
            }
        } else {
            Files.writeString(exe, body);
        }
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        return exe;
    }
}
