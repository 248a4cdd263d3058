package io.gator.agent.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MIG's persistent-module configuration files as gcfg reads them, and where the host finds them. */
class IniSettingsTest {
    @TempDir
    Path dir;

    @Test
    void migsFswatchFileGivesEveryPathInOrder() {
        ModuleSettings s = IniSettings.parse("""
                ; fswatch.cfg
                [paths]
                path = /home/user/testfile
                # comment
                Path = recursive:/bin   ; trailing comment
                """, "fswatch.cfg");
        assertEquals(List.of("/home/user/testfile", "recursive:/bin"), s.values("paths", "path"));
        assertEquals(List.of("/home/user/testfile", "recursive:/bin"), s.values("Paths", "PATH"));
    }

    @Test
    void quotedValuesKeepTheirSpacesCommentCharactersAndEscapes() {
        ModuleSettings s = IniSettings.parse("""
                [dispatch]
                httpurl = "http://collector:8080/a;b#c"
                name = "two  spaces" and more
                esc = "a\\"b\\\\c\\td"
                outputmozdef
                channelsize = 10
                """, "dispatch.cfg");
        assertEquals(Optional.of("http://collector:8080/a;b#c"), s.value("dispatch", "httpurl"));
        assertEquals(Optional.of("two  spaces and more"), s.value("dispatch", "name"));
        assertEquals(Optional.of("a\"b\\c\td"), s.value("dispatch", "esc"));
        assertEquals(Optional.of(true), s.bool("dispatch", "outputmozdef"));
        assertEquals(Optional.of(10L), s.number("dispatch", "channelsize"));
    }

    @Test
    void subsectionsAndContinuedLines() {
        ModuleSettings s = IniSettings.parse("[a \"Sub\"]\nk = one \\\n two\n", "x.cfg");
        assertEquals(Optional.of("one  two"), s.value("a.Sub", "k"));
    }

    @Test
    void malformedFilesNameTheLine() {
        PersistentConfigException e = assertThrows(PersistentConfigException.class,
                () -> IniSettings.parse("path = /etc\n", "fswatch.cfg"));
        assertEquals("fswatch.cfg line 1: expected section header", e.getMessage());
        assertEquals("f.cfg line 2: unterminated quoted value", assertThrows(PersistentConfigException.class,
                () -> IniSettings.parse("[paths]\npath = \"/etc\n", "f.cfg")).getMessage());
        assertEquals("f.cfg line 1: section header is not closed", assertThrows(PersistentConfigException.class,
                () -> IniSettings.parse("[paths\n", "f.cfg")).getMessage());
        assertEquals("f.cfg line 2: invalid variable name '2path'", assertThrows(PersistentConfigException.class,
                () -> IniSettings.parse("[paths]\n2path = x\n", "f.cfg")).getMessage());
    }

    @Test
    void theCfgFileComesFirstThenTheHoconFileElseNothing() throws Exception {
        ModuleConfigFiles files = new ModuleConfigFiles(dir);
        assertTrue(files.read("fswatch").isEmpty());
        Files.writeString(dir.resolve("fswatch.conf"), "paths { path = [\"/etc\", \"recursive:/bin\"] }\n");
        assertEquals(List.of("/etc", "recursive:/bin"), files.read("fswatch").values("paths", "path"));
        Files.writeString(dir.resolve("fswatch.cfg"), "[paths]\npath = /boot\n");
        assertEquals(List.of("/boot"), files.read("fswatch").values("paths", "path"));
        Files.writeString(dir.resolve("audit.conf"), "audit { ratelimit = 500, includeraw = true }\n");
        assertEquals(Optional.of(500L), files.read("audit").number("audit", "ratelimit"));
        assertEquals(Optional.of(true), files.read("audit").bool("audit", "includeraw"));
        Files.writeString(dir.resolve("bad.conf"), "path = /etc\n");
        assertTrue(assertThrows(PersistentConfigException.class, () -> files.read("bad")).getMessage()
                .contains("path must be a section"));
    }
}
