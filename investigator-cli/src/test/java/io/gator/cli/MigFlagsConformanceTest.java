package io.gator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.cli.config.MigRc;
import io.gator.cli.launch.GlobalFlags;
import io.gator.cli.launch.Launcher;
import io.gator.cli.module.ModuleFlags;
import io.gator.cli.module.ModuleFlagsRegistry;
import io.gator.core.action.Action;
import io.gator.core.command.Command;
import io.gator.core.json.MigJson;
import io.gator.core.module.flag.InvalidFlagException;
import io.gator.core.testing.Fixtures;
import io.gator.core.testing.JsonTrees;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** MIG conformance, CLI: the same flags give the same action name, target and parameters as MIG's mig. */
class MigFlagsConformanceTest {
    private static final MigRc RC = new MigRc("http://127.0.0.1:4444/api/v1/", Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Map.of());

    /** Splits MIG's action name back into argv; a -t value with spaces runs until the next flag. */
    static List<String> argv(String name) {
        String[] words = name.trim().split(" ");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            if (words[i].equals("-t") && i + 2 < words.length && !words[i + 2].startsWith("-")) {
                out.add("-t");
                StringBuilder t = new StringBuilder(words[++i]);
                while (i + 1 < words.length && !words[i + 1].startsWith("-")) {
                    t.append(' ').append(words[++i]);
                }
                out.add(t.toString());
            } else {
                out.add(words[i]);
            }
        }
        return out;
    }

    /** MIG cuts long action names with "..."; the CLI transcript holds the whole command line. */
    static String fullCommandLine(String name) {
        if (!name.endsWith("...")) {
            return name;
        }
        String prefix = "$ mig " + name.substring(0, name.length() - 3);
        return Fixtures.list("mig-wire/cli", ".txt").stream()
                .map(p -> Fixtures.read("mig-wire/cli/" + p.getFileName()).lines().findFirst().orElse(""))
                .filter(l -> l.startsWith(prefix.trim()))
                .map(l -> l.substring("$ mig ".length()))
                .findFirst().orElseThrow(() -> new AssertionError("no transcript for " + name));
    }

    @TestFactory
    Stream<DynamicTest> flagsGiveTheActionMigsCliBuilt() {
        return Fixtures.list("mig-wire/amqp", ".command.json").stream().map(p -> DynamicTest.dynamicTest(
                p.getFileName().toString(), () -> {
                    Action migAction = MigJson.read(Fixtures.read("mig-wire/amqp/" + p.getFileName()), Command.class).action();
                    List<String> argv = argv(fullCommandLine(migAction.name()));
                    GlobalFlags g = GlobalFlags.parse(argv.subList(1, argv.size()));
                    ModuleFlags flags = ModuleFlagsRegistry.parse(argv.get(0), g.moduleArgs).orElseThrow();
                    Action ours = Launcher.build(flags.module(), flags.parameters(), g, RC.resolveTarget(g.target), argv,
                            Clock.systemUTC());
                    assertEquals(migAction.name(), ours.name().length() > migAction.name().length()
                            ? ours.name().substring(0, migAction.name().length()) : ours.name());
                    assertEquals(migAction.target(), ours.target());
                    JsonNode expected = migAction.operations().get(0).parameters();
                    JsonNode actual = ours.operations().get(0).parameters();
                    List<String> diffs = JsonTrees.differences(expected, actual);
                    assertTrue(diffs.isEmpty(), () -> diffs + " in " + actual);
                }));
    }

    @Test
    void commonFlagsStopAtTheFirstModuleFlagAsInMig() {
        GlobalFlags g = GlobalFlags.parse(List.of("-t", "all", "-d", "127.0.0.1", "-dp", "5672", "-p", "tcp"));
        assertEquals("all", g.target);
        assertEquals(false, g.printAndExit);
        assertEquals(List.of("-d", "127.0.0.1", "-dp", "5672", "-p", "tcp"), g.moduleArgs);
    }

    @Test
    void aBadRegularExpressionIsRefusedBeforeLaunchNamingIt() {
        InvalidFlagException e = assertThrows(InvalidFlagException.class, () -> ModuleFlagsRegistry
                .parse("file", List.of("-path", "/etc", "-name", "([a-")).orElseThrow().parameters());
        assertTrue(e.getMessage().startsWith("Invalid regexp '([a-'. Must be a regexp."), e.getMessage());
    }

    @Test
    void unknownModuleFlagsAreRefused() {
        InvalidFlagException e = assertThrows(InvalidFlagException.class,
                () -> ModuleFlagsRegistry.parse("file", List.of("-path", "/etc", "-nmae", "x")));
        assertTrue(e.getMessage().contains("-nmae"), e.getMessage());
    }

    @Test
    void migrcInMigsIniFormAndInHoconGiveTheSameSettings(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path ini = dir.resolve("ini");
        java.nio.file.Files.writeString(ini, "[api]\n    url = \"http://localhost:1664/api/v1/\"\n[gpg]\n"
                + "    home = \"/home/u/.gnupg/\"\n    keyid = \"E60892BB9BD89A69F759A1A0A3D652173B763E8F\"\n"
                + "[targets]\n    macro = linux:environment->>'os'='linux'\n");
        Path hocon = dir.resolve("hocon");
        java.nio.file.Files.writeString(hocon, "api.url = \"http://localhost:1664/api/v1/\"\n"
                + "gpg { home = \"/home/u/.gnupg/\", keyid = \"E60892BB9BD89A69F759A1A0A3D652173B763E8F\" }\n"
                + "targets.macros { linux = \"environment->>'os'='linux'\" }\n");
        MigRc a = MigRc.read(ini);
        MigRc b = MigRc.read(hocon);
        assertEquals(a, b);
        assertEquals("environment->>'os'='linux'", a.resolveTarget("linux"));
        assertEquals("status='online'", a.resolveTarget("all"));
        assertEquals("name='x'", a.resolveTarget("name='x'"));
    }
}
