package io.gator.cli.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.module.flag.InvalidFlagException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mig scribe}: the document is read on this machine, its refusals and the flag listing are MIG's. */
class ScribeFlagsTest {
    @TempDir
    Path dir;

    private JsonNode parameters(String... args) {
        return ModuleFlagsRegistry.parse("scribe", List.of(args), dir).orElseThrow().parameters();
    }

    @Test
    void aYamlDocumentIsReadUnderTheClientRootAndSentAsGoWritesIt() throws Exception {
        Files.writeString(dir.resolve("doc.yaml"), """
                objects:
                  - object: bash
                    package: {name: bash}
                tests:
                  - test: bash-old
                    object: bash
                    evr: {operation: "<", value: "5.3"}
                """);
        JsonNode p = parameters("-path", "/doc.yaml", "-json=true");
        assertEquals("{\"object\":\"bash\",\"filecontent\":{},\"filename\":{},\"package\":{\"name\":\"bash\"},\"raw\":{},"
                + "\"hasline\":{}}", p.path("scribedoc").path("objects").get(0).toString());
        assertEquals("{\"test\":\"bash-old\",\"name\":\"\",\"object\":\"bash\",\"evr\":{\"operation\":\"<\",\"value\":\"5.3\"},"
                + "\"regexp\":{},\"exactmatch\":{}}", p.path("scribedoc").path("tests").get(0).toString());
        assertTrue(p.path("jsonoutput").asBoolean());
    }

    @Test
    void aDirectoryOrAnEmptyFileIsRefusedAsMigRefusesIt() throws Exception {
        Files.createDirectories(dir.resolve("docs"));
        assertEquals("read /docs: is a directory",
                assertThrows(InvalidFlagException.class, () -> parameters("-path", "/docs")).getMessage());
        Files.writeString(dir.resolve("empty.json"), "\n\n");
        assertEquals("the document is too small to be valid (0 bytes)",
                assertThrows(InvalidFlagException.class, () -> parameters("-path", "/empty.json")).getMessage());
    }

    @Test
    void anUnknownFlagComesWithGosListingOfScribesFlags() {
        FlagSyntaxException e = assertThrows(FlagSyntaxException.class, () -> parameters("-foo"));
        assertEquals("flag provided but not defined: -foo", e.getMessage());
        assertEquals("""
                flag provided but not defined: -foo
                Usage of scribe:
                  -human
                    \tsee help
                  -json
                    \tsee help
                  -onlytrue
                    \tsee help
                  -path string
                    \tsee help
                """, e.listing());
    }

    @Test
    void noArgumentsAnEmptyOneOrHelpGiveTheHelpText() {
        for (List<String> args : List.of(List.<String>of(), List.of(""), List.of("help"))) {
            assertTrue(ModuleFlagsRegistry.help("scribe", args).orElseThrow().startsWith("Query parameters\n"), args.toString());
        }
        assertTrue(ModuleFlagsRegistry.help("scribe", List.of("-onlytrue")).isEmpty());
        assertTrue(ModuleFlagsRegistry.help("sshkey", List.of()).isEmpty());
    }
}
