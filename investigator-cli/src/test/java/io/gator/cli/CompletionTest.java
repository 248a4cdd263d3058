package io.gator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.cli.module.ModuleFlagsRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated completion scripts, the bash one run by bash: source it, set COMP_WORDS, call _mig. */
class CompletionTest {
    @TempDir
    Path dir;
    private Path bashScript;

    @BeforeEach
    void writeTheBashScript() throws Exception {
        Path rc = Files.writeString(dir.resolve("migrc"), "api.url = \"http://127.0.0.1:1/api/v1/\"\n"
                + "targets.macros { webservers = \"name like 'web%'\", dbs = \"name like 'db%'\" }\n");
        bashScript = Files.writeString(dir.resolve("mig.bash"), out(List.of("completion", "bash", "-c", rc.toString())));
    }

    private static String out(List<String> args) {
        MigMainTest.Cli cli = new MigMainTest.Cli(InputStream.nullInputStream(), Map.of());
        assertEquals(0, cli.main.run(args), cli.err());
        return cli.out();
    }

    /** What bash offers for the last word of {@code line} ("" for a new word after a space). */
    private List<String> complete(String line) throws Exception {
        List<String> words = new ArrayList<>(List.of(line.split(" ", -1)));
        List<String> cmd = new ArrayList<>(List.of("bash", "--norc", "--noprofile", "-c",
                "source \"$1\"; shift; COMP_WORDS=(\"$@\"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); _mig;"
                        + " for r in \"${COMPREPLY[@]}\"; do printf '%s\\n' \"$r\"; done", "bash", bashScript.toString()));
        cmd.addAll(words);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "bash did not finish");
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);
        return output.lines().toList();
    }

    @Test
    void theFirstWordIsAModuleOrACommand() throws Exception {
        List<String> all = complete("mig ");
        assertTrue(all.containsAll(ModuleFlagsRegistry.names()), all.toString());
        assertTrue(all.containsAll(List.of("action", "agent", "investigator", "status", "completion", "help")),
                all.toString());
        assertEquals(List.of("investigator"), complete("mig inv"));
    }

    @Test
    void aModuleCompletesItsOwnFlagsAndTheCommonOnes() throws Exception {
        List<String> flags = complete("mig file -");
        assertTrue(flags.containsAll(ModuleFlagsRegistry.flagNames("file")), flags.toString());
        assertTrue(flags.containsAll(List.of("-t", "-yes", "-show", "-render", "-e")), flags.toString());
        assertEquals(List.of("-path"), complete("mig file -pat"));
        assertTrue(complete("mig sshkey -").containsAll(ModuleFlagsRegistry.flagNames("sshkey")));
        assertTrue(complete("mig file -t all -path /etc -").contains("-name"));
    }

    @Test
    void afterDashTTheTargetMacrosOfTheMigrcAreOffered() throws Exception {
        List<String> targets = complete("mig file -t ");
        assertEquals(List.of("all", "local"), targets.subList(0, 2));
        assertEquals(java.util.Set.of("webservers", "dbs"), java.util.Set.copyOf(targets.subList(2, targets.size())));
        assertEquals(List.of("webservers"), complete("mig file -t we"));
    }

    @Test
    void flagValuesAreOffered() throws Exception {
        assertEquals(List.of("found", "notfound", "all"), complete("mig file -show "));
        assertEquals(List.of("text", "json"), complete("mig file -render "));
        assertEquals(List.of("text", "json", "csv"), complete("mig action results 12 -render "));
        assertEquals(List.of("notfound"), complete("mig action results 12 -show no"));
        assertTrue(complete("mig file -pa").containsAll(List.of("-pace", "-path")), "the pace is a common flag");
        assertTrue(complete("mig file -inf").contains("-inflight"));
        assertEquals(List.of(), complete("mig file -pace "), "a number: nothing to offer, not the flags");
        assertEquals(List.of(), complete("mig file -inflight "));
        Files.writeString(dir.resolve("my.migrc"), "");
        assertEquals(List.of("my.migrc"), complete("mig status -c my"));
    }

    @Test
    void subCommandsAndTheirFlagsAreCompletedAtEveryLevel() throws Exception {
        assertEquals(List.of("show", "cancel", "events", "results", "list"), complete("mig action "));
        assertEquals(List.of("results"), complete("mig action re"));
        assertTrue(complete("mig action results 12 -").containsAll(List.of("-show", "-render", "-c")));
        assertTrue(complete("mig action list -").containsAll(List.of("-status", "-investigator", "-limit", "-json")));
        assertEquals(List.of("search"), complete("mig agent "));
        assertTrue(complete("mig investigator ").containsAll(List.of("create", "disable", "apikey")));
        assertTrue(complete("mig investigator disable 3 -").contains("-yes"));
        assertEquals(List.of("-admin"), complete("mig investigator create bob key.asc -ad"));
        assertEquals(List.of("-json", "-c"), complete("mig status -"));
        assertEquals(List.of("file"), complete("mig help fi"));
        assertEquals(List.of("bash", "zsh", "fish", "-c"), complete("mig completion "));
    }

    @Test
    void zshAndFishScriptsComeFromTheSameTables() {
        String zsh = out(List.of("completion", "zsh"));
        assertTrue(zsh.contains("bashcompinit") && zsh.contains("complete -o default -F _mig mig"), zsh);
        String fish = out(List.of("completion", "fish"));
        assertTrue(fish.contains("complete -c mig -n '__mig_in file' -o path -r -F\n"), fish);
        assertTrue(fish.contains("complete -c mig -n '__mig_in file' -o yes\n"), fish);
        assertTrue(fish.contains("complete -c mig -n '__mig_at action' -a 'show cancel events results list'"), fish);
        assertTrue(fish.contains("-o t -x -a 'all local"), fish);
    }

    @Test
    void anUnknownShellIsRefused() {
        MigMainTest.Cli cli = new MigMainTest.Cli(InputStream.nullInputStream(), Map.of());
        assertEquals(ExitCode.ERROR.code(), cli.main.run(List.of("completion", "tcsh")));
        assertTrue(cli.err().contains("no completion for shell 'tcsh': bash, zsh, fish"), cli.err());
    }
}
