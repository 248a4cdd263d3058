package io.gator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.cli.module.ModuleFlagsRegistry;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Help from the module definitions, the common-flags-first hint, and the command list (completion: CompletionTest). */
class MigHelpTest {
    private static MigMainTest.Cli cli() {
        return new MigMainTest.Cli(InputStream.nullInputStream(), Map.of());
    }

    private static String out(List<String> args) {
        MigMainTest.Cli cli = cli();
        assertEquals(0, cli.main.run(args), cli.err());
        return cli.out();
    }

    @Test
    void everyFormOfModuleHelpPrintsOneLinePerFlag() {
        for (String module : ModuleFlagsRegistry.names()) {
            String viaHelp = out(List.of("help", module));
            assertEquals(viaHelp, out(List.of(module, "-h")), module);
            assertEquals(viaHelp, out(List.of(module, "--help")), module);
            for (String flag : ModuleFlagsRegistry.flagNames(module)) {
                assertTrue(viaHelp.contains(flag), module + " help lacks " + flag + ":\n" + viaHelp);
            }
        }
        String file = out(List.of("help", "file"));
        assertTrue(file.lines().anyMatch(l -> l.trim().startsWith("-path <paths>") && l.contains("search path")), file);
    }

    @Test
    void aModuleWithMigsHelpTextKeepsItWordForWord() {
        String mig = ModuleFlagsRegistry.help("sshkey", List.of("help")).orElseThrow();
        assertEquals(mig, out(List.of("sshkey", "help")));
        assertEquals(mig, out(List.of("help", "sshkey")));
        assertEquals(mig, out(List.of("sshkey", "-h")));
    }

    @Test
    void helpForAnUnknownModuleFails() {
        MigMainTest.Cli cli = cli();
        assertEquals(ExitCode.ERROR.code(), cli.main.run(List.of("help", "nosuchmodule")));
        assertTrue(cli.err().contains("Unknown module nosuchmodule"), cli.err());
    }

    @Test
    void aCommonFlagAfterTheModulesFlagsSaysWhereItGoes() {
        MigMainTest.Cli cli = cli();
        assertEquals(ExitCode.ERROR.code(), cli.main.run(List.of("file", "-path", "/etc", "-t", "all")));
        assertTrue(cli.err().contains("-t: common flags go before the module's flags"), cli.err());
    }

    @Test
    void migHelpListsEveryCommandInvestigatorAdministrationIncluded() {
        String help = out(List.of("help"));
        for (String c : List.of("action show|cancel|events", "agent search", "investigator show", "create <name>",
                "enable <id>", "disable <id>", "apikey <id>", "status", "completion", "help <module>", "-force",
                "exit codes")) {
            assertTrue(help.contains(c), c + " missing from:\n" + help);
        }
    }
}
