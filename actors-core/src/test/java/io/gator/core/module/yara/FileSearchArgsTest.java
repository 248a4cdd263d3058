package io.gator.core.module.yara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.module.file.FileOptions;
import io.gator.core.module.file.FileSearch;
import io.gator.core.testing.Fixtures;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The yara module's file search string: MIG's cut into arguments, the file module's flags, checks and usage. */
class FileSearchArgsTest {
    @Test
    void argumentsAreCutAsMigCutsThemQuotesTrimmed() {
        assertEquals(List.of("-path", "/opt/x", "-name", "bin$"), FileSearchArgs.split("-path '/opt/x' -name \"bin$\""));
        // greedy: a quoted run goes to the last quote of the line, as MIG's pattern does
        assertEquals(List.of("-name", "a' -path 'b"), FileSearchArgs.split("-name 'a' -path 'b'"));
        assertEquals(List.of("-path", "a b"), FileSearchArgs.split("  -path \t\"a b\"  "));
        assertEquals(List.of(), FileSearchArgs.split("   "));
    }

    @Test
    void theFileModulesDefaultsAndFlagsMakeOneSearch() {
        FileSearch s = FileSearchArgs.parse("-path /a -path /b -name x -maxdepth 2 -matchany -mismatch name").orElseThrow();
        assertEquals(List.of("/a", "/b"), s.paths());
        assertEquals(List.of("x"), s.names());
        assertEquals(new FileOptions(2, 30, false, false, false, List.of("name"), 1000, "", false, false), s.options());
        assertEquals(FileOptions.defaults(), FileSearchArgs.parse("-path /a").orElseThrow().options());
        assertEquals(5, FileSearchArgs.parse("-path=/a -matchlimit=5").orElseThrow().options().matchLimit());
        // the first argument that is not a flag ends the flags, as Go's flag package
        assertEquals(List.of(), FileSearchArgs.parse("-path /a stray -name x").orElseThrow().names());
    }

    @Test
    void helpOrNothingMeansNoSearchAsTheFileModulePrintsItsHelpInstead() {
        assertEquals(Optional.empty(), FileSearchArgs.parse("help"));
        assertEquals(Optional.empty(), FileSearchArgs.parse(""));
    }

    @Test
    void refusalsAreTheFileModulesWordForWord() {
        FileSearchArgs.Refused r = assertThrows(FileSearchArgs.Refused.class, () -> FileSearchArgs.parse("-path /x -bogus x"));
        assertEquals("flag provided but not defined: -bogus", r.getMessage());
        String agentStderr = Fixtures.read("mig-wire/modules/yara/09-invalid-filesearch-flag.stderr.txt");
        assertTrue(agentStderr.endsWith(r.usage()), r.usage());
        assertEquals(FileSearchArgs.usage(), r.usage().substring(r.usage().indexOf('\n') + 1));
        assertEquals("invalid empty search path, must have at least one search path",
                assertThrows(FileSearchArgs.Refused.class, () -> FileSearchArgs.parse("-name marker")).getMessage());
        assertEquals("", assertThrows(FileSearchArgs.Refused.class, () -> FileSearchArgs.parse("-name marker")).usage());
        assertEquals("flag needs an argument: -path",
                assertThrows(FileSearchArgs.Refused.class, () -> FileSearchArgs.parse("-path")).getMessage());
        assertEquals("invalid boolean value \"yes\" for -matchany: parse error",
                assertThrows(FileSearchArgs.Refused.class, () -> FileSearchArgs.parse("-matchany=yes -path /")).getMessage());
        assertEquals("Invalid size format for size '10x'. Must match regex ^(<|>)?[0-9]*(k|m|g|t)?$",
                assertThrows(FileSearchArgs.Refused.class, () -> FileSearchArgs.parse("-path / -size 10x")).getMessage());
        assertEquals("Invalid checksum format for hash 'ABC'. Must match regex ^[A-F0-9]{32}$",
                assertThrows(FileSearchArgs.Refused.class, () -> FileSearchArgs.parse("-path / -md5 abc")).getMessage());
        assertEquals("The syntax of filter 'colour' is invalid. Must match regex "
                + "^(name|size|mode|mtime|content|md5|sha1|sha2|sha3)$",
                assertThrows(FileSearchArgs.Refused.class, () -> FileSearchArgs.parse("-path / -mismatch colour")).getMessage());
        assertTrue(assertThrows(FileSearchArgs.Refused.class, () -> FileSearchArgs.parse("-path / -name (x"))
                .getMessage().startsWith("Invalid regexp '(x'. Must be a regexp. Compilation failed with '"));
    }
}
