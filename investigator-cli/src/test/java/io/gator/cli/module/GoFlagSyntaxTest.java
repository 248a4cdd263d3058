package io.gator.cli.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Module flags of a MIG-style form read as Go's flag package reads them. */
class GoFlagSyntaxTest {
    private static String parameters(String... args) {
        return ModuleFlagsRegistry.parse("sshkey", List.of(args)).orElseThrow().parameters().toString();
    }

    @Test
    void valuesMayFollowAnEqualsSignOrADoubleDashAndIntsTakeGosBasePrefixes() {
        assertEquals("{\"paths\":[\"/a\",\"/b\"],\"maxdepth\":16}", parameters("--path", "/a", "-path=/b", "-maxdepth", "0x10"));
        assertEquals("{\"paths\":null,\"maxdepth\":8}", parameters("-maxdepth=010"));
    }

    @Test
    void theFirstArgumentThatIsNoFlagEndsTheFlags() {
        assertEquals("{\"paths\":null,\"maxdepth\":0}", parameters("/home", "-maxdepth", "abc"));
        assertEquals("{\"paths\":null,\"maxdepth\":0}", parameters("--", "-foo"));
    }

    @Test
    void refusalsNameTheFlagAndComeWithTheListing() {
        FlagSyntaxException missing = assertThrows(FlagSyntaxException.class, () -> parameters("-path"));
        assertEquals("flag needs an argument: -path", missing.getMessage());
        assertTrue(missing.listing().contains("Usage of sshkey:\n  -maxdepth int\n"), missing.listing());
        assertEquals("invalid value \"99999999999999999999\" for flag -maxdepth: value out of range",
                assertThrows(FlagSyntaxException.class, () -> parameters("-maxdepth", "99999999999999999999")).getMessage());
        assertEquals("bad flag syntax: ---path",
                assertThrows(FlagSyntaxException.class, () -> parameters("---path", "x")).getMessage());
    }

    @Test
    void helpIsGivenOnlyWhenItComesFirst() {
        assertTrue(ModuleFlagsRegistry.help("sshkey", List.of("help")).orElseThrow().startsWith("Query parameters\n"));
        assertTrue(ModuleFlagsRegistry.help("sshkey", List.of("-path", "/x", "help")).isEmpty());
        assertTrue(ModuleFlagsRegistry.help("file", List.of("help")).isEmpty());
    }
}
