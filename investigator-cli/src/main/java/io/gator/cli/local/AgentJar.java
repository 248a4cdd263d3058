package io.gator.cli.local;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the agent jar is: {@code $GATOR_AGENT_JAR}, else {@code gator-agent.jar} beside the CLI's jar (an
 * installation), else the checkout's {@code agent-runtime/target/gator-agent.jar} when the CLI runs from
 * {@code investigator-cli/target/mig.jar} ({@code bin/mig}).
 */
public final class AgentJar {
    /** The environment variable naming the agent jar. */
    public static final String ENV = "GATOR_AGENT_JAR";
    static final String NAME = "gator-agent.jar";

    private AgentJar() {}

    /** The agent jar; {@link IllegalArgumentException} listing where it was looked for when there is none. */
    public static Path locate(Function<String, String> env) {
        List<Path> candidates = candidates(env, cliJarDirectory());
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() ->
                new IllegalArgumentException("the agent jar (" + NAME + ") was not found"
                        + (candidates.isEmpty() ? "" : " at " + String.join(" or ",
                                candidates.stream().map(Path::toString).toList()))
                        + ": set " + ENV + " to run modules with -t local"));
    }

    /** Where the jar may be, in order, given the directory of the CLI's jar. */
    static List<Path> candidates(Function<String, String> env, Optional<Path> cliDir) {
        String named = env.apply(ENV);
        if (named != null && !named.isBlank()) {
            return List.of(Path.of(named));
        }
        List<Path> candidates = new ArrayList<>();
        cliDir.ifPresent(dir -> {
            candidates.add(dir.resolve(NAME));
            candidates.add(dir.resolve("../../agent-runtime/target").resolve(NAME).normalize());
        });
        return candidates;
    }

    /** The directory of the CLI's jar ({@code .../investigator-cli/target} in a checkout). */
    private static Optional<Path> cliJarDirectory() {
        try {
            Path self = Path.of(AgentJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Optional.ofNullable(self.getParent());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
