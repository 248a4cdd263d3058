package io.gator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.json.MigJson;
import io.gator.core.module.ModuleDefinitions;
import io.gator.core.testing.Fixtures;
import io.gator.core.testing.JsonTrees;
import io.gator.core.testing.ModuleFixtureData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * MIG conformance, CLI, for the modules of {@code mig-wire/modules} that Gator defines: the same argv gives the
 * action MIG printed ({@code -p}), MIG's refusal on stderr with its exit code, or MIG's help text. Files the
 * arguments name (a scribe document, yara rules) are read from a copy of the capture's data.
 */
class MigFlagsModuleFixturesTest {
    private static final String MODULES = "mig-wire/modules/";

    @TempDir
    static Path home;
    /**
     * A copy of the captured data at a path as long as the capture host's: flags that read files (yara's
     * {@code -rules}) find them, and action names, which MIG cuts after 100 characters, are cut at the same place.
     */
    static Path data;

    @BeforeAll
    static void copyData() throws IOException {
        java.security.SecureRandom random = new java.security.SecureRandom();
        while (data == null) {
            StringBuilder name = new StringBuilder("/tmp/migfx-");
            for (int i = 0; i < 6; i++) {
                name.append(Character.forDigit(random.nextInt(36), 36));
            }
            Path p = Path.of(name.toString());
            assertEquals(ModuleFixtureData.CAPTURE_ROOT.length(), p.toString().length(), p.toString());
            try {
                Files.createDirectory(p);
                data = ModuleFixtureData.copyTo(p);
                ModuleFixtureData.relocateScribeDocuments(data); // the documents name the files they read
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // taken: another name
            }
        }
    }

    @AfterAll
    static void removeData() throws IOException {
        if (data != null) {
            try (Stream<Path> all = Files.walk(data)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static String here(String captured) {
        return ModuleFixtureData.relocated(captured, data);
    }

    /** Every {@code .cli-args.txt} case of a module folder whose module Gator defines. */
    static List<Path> cases() {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(Fixtures.path(MODULES))) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                if (ModuleDefinitions.find(d.getFileName().toString()).isPresent()) {
                    out.addAll(Fixtures.list(MODULES + d.getFileName(), ".cli-args.txt"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> theSameArgumentsGiveMigsActionRefusalOrHelp() throws IOException {
        Path rc = Files.writeString(home.resolve("migrc"), "api.url = \"http://127.0.0.1:1/api/v1/\"\n");
        return cases().stream().map(p -> DynamicTest.dynamicTest(p.getParent().getFileName() + "/" + p.getFileName(), () -> {
            String base = p.toString().substring(0, p.toString().length() - ".cli-args.txt".length());
            List<String> argv = new ArrayList<>();
            MigJson.tree(here(Files.readString(p))).forEach(a -> argv.add(a.asText()));
            MigMainTest.Cli cli = new MigMainTest.Cli(new ByteArrayInputStream(new byte[0]), Map.of("MIGRC", rc.toString()));
            int code = cli.main.run(argv);
            Path action = Path.of(base + ".cli-action.json");
            Path stderr = Path.of(base + ".cli-stderr.txt");
            Path help = Path.of(base + ".cli-help.txt");
            if (Files.exists(action)) {
                assertEquals(0, code, cli.err());
                JsonNode mig = MigJson.tree(here(Files.readString(action)));
                JsonNode ours = MigJson.tree(cli.out());
                assertEquals(mig.path("name").asText(), ours.path("name").asText());
                assertEquals(mig.path("target").asText(), ours.path("target").asText());
                List<String> diffs = JsonTrees.differences(mig.path("operations"), ours.path("operations"));
                assertTrue(diffs.isEmpty(), () -> diffs + " in " + ours.path("operations"));
            } else if (Files.exists(stderr)) {
                assertEquals(here(Files.readString(stderr)), cli.err() + "exit code: " + code + "\n");
            } else if (Files.exists(help)) {
                assertEquals(0, code, cli.err());
                assertEquals(Files.readString(help), cli.out());
            } else {
                throw new AssertionError("no expected outcome for " + p);
            }
        }));
    }
}
