package io.gator.platform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.agent.module.ModuleContext;
import io.gator.agent.module.ModuleRegistry;
import io.gator.cli.MigMain;
import io.gator.cli.module.ModuleFlagsRegistry;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.module.ModuleDefinitions;
import io.gator.core.testing.Fixtures;
import io.gator.core.testing.ModuleFixtureData;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mig MODULE -t local} through a real agent process: the CLI starts the agent jar's direct mode and prints
 * the found items. The agent jar here is a manifest-only jar whose class path is this test's (the packaged
 * {@code gator-agent.jar} need not exist when tests run).
 */
class MigLocalTargetTest {
    @TempDir
    static Path dir;
    private static Path agentJar;

    @BeforeAll
    static void agentJar() throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, "io.gator.agent.AgentMain");
        main.put(Attributes.Name.CLASS_PATH, Arrays.stream(System.getProperty("java.class.path")
                .split(File.pathSeparator)).map(p -> Path.of(p).toUri().toString()).collect(Collectors.joining(" ")));
        agentJar = dir.resolve("gator-agent.jar");
        try (OutputStream out = Files.newOutputStream(agentJar);
             JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
    }

    @Test
    void aLocalFileSearchPrintsTheFoundItemsOfTheAgentsRun() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.writeString(tree.resolve("needle.txt"), "x");
        Files.writeString(tree.resolve("hay.txt"), "y");

        List<String> flags = List.of("-path", tree.toString(), "-name", "^needle");

        Run run = mig(Stream.concat(Stream.of("file", "-t", "local"), flags.stream()).toList());

        assertEquals(0, run.code(), run.err());
        Result here = ModuleRegistry.standard().find("file").orElseThrow()
                .runJson(ModuleFlagsRegistry.parse("file", flags).orElseThrow().parameters(), ModuleContext.defaults());
        List<String> expected = ModuleDefinitions.get("file").printer().print(here, true);
        assertEquals(withoutTimings(expected), withoutTimings(run.out().lines().toList()));
        assertTrue(run.out().contains(tree.resolve("needle.txt").toString()), run.out());
    }

    /** Each {@code mig MODULE -t local} capture of a module Gator has, run on a copy of the captured data. */
    @TestFactory
    Stream<DynamicTest> eachCapturedLocalRunOfAModuleGatorHasPrintsMigsLines() throws IOException {
        Path modules = Fixtures.migWire().resolve("modules");
        Path data = ModuleFixtureData.relocateScribeDocuments(ModuleFixtureData.copyTo(dir.resolve("data")));
        List<Path> cases = new ArrayList<>();
        for (String module : ModuleRegistry.standard().names()) {
            if (Files.isDirectory(modules.resolve(module)) && ModuleDefinitions.find(module).isPresent()) {
                cases.addAll(Fixtures.list("mig-wire/modules/" + module, ".cli-local.txt").stream()
                        .filter(p -> Files.exists(sibling(p, ".cli-args.txt"))).toList());
            }
        }
        return cases.stream().map(local -> DynamicTest.dynamicTest(local.getFileName().toString(), () -> {
            List<String> args = localArgs(MigJson.mapper().readValue(
                    ModuleFixtureData.relocated(Files.readString(sibling(local, ".cli-args.txt")), data),
                    String[].class));
            List<String> expected = ModuleFixtureData.relocated(Files.readString(local), data).lines()
                    .filter(l -> !l.startsWith("[exit code:")).sorted().toList();

            Run run = mig(args);

            assertEquals(0, run.code(), run.err());
            assertEquals(expected, run.out().lines().sorted().toList());
        }));
    }

    /** The captured action's arguments as a local run: without {@code -p}, with target {@code local}. */
    private static List<String> localArgs(String[] captured) {
        List<String> args = new ArrayList<>(List.of(captured));
        args.remove("-p");
        int t = args.indexOf("-t");
        args.set(t + 1, "local");
        return args;
    }

    private static Path sibling(Path file, String suffix) {
        String name = file.getFileName().toString();
        return file.resolveSibling(name.substring(0, name.indexOf('.')) + suffix);
    }

    private static List<String> withoutTimings(List<String> lines) {
        return lines.stream().map(l -> l.replaceAll("ran in \\S+", "ran in T")).toList();
    }

    private record Run(int code, String out, String err) {}

    private static Run mig(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("GATOR_AGENT_JAR", agentJar.toString());
        MigMain main = new MigMain(new MigMain.Wiring(Clock.systemUTC(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                0, Duration.ofMillis(50),
                MigMain.Wiring.defaults().signers(), MigMain.Wiring.defaults().printer(), InputStream.nullInputStream(),
                env::get, handler -> { }));
        int code = main.run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
