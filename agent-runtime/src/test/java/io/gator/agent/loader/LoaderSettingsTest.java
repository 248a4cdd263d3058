package io.gator.agent.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad loader configuration stops the loader before any request, naming the key. */
class LoaderSettingsTest {
    private static final String KEY = "gator.loader.loader-key = \"" + LoaderHost.KEY + "\"\n";

    @TempDir
    Path dir;

    private static LoaderSettings read(String hocon) {
        return LoaderSettings.from(ConfigFactory.parseString(hocon).withFallback(ConfigFactory.load()).resolve());
    }

    private static String refused(String hocon) {
        return assertThrows(ConfigException.class, () -> read(hocon)).getMessage();
    }

    @Test
    void defaultsKeepMigsBundleNamesInItsDictionaryOrderAndRequireTwoSignatures() {
        LoaderSettings s = read(KEY);
        assertEquals(List.of("mig-agent", "mig-loader", "configuration", "agentcert", "agentkey", "cacert",
                "loaderconfig"), s.files().stream().map(BundleFile::name).toList());
        assertEquals("rw-------", s.file("mig-agent").orElseThrow().modeString());
        assertEquals("rw-r--r--", s.file("cacert").orElseThrow().modeString());
        assertEquals(2, s.requiredSignatures());
        assertEquals("http://localhost:4444/api/v1/", s.apiUrl().toString());
        assertTrue(s.file("mig-agent").orElseThrow().restartsAgent());
        assertTrue(!s.file("mig-loader").orElseThrow().restartsAgent());
    }

    @Test
    void apiUrlGetsItsTrailingSlashAndAnEmptyPathLeavesAnEntryUnmanaged() {
        LoaderSettings s = read(KEY + "gator.loader.api-url = \"https://api.example.net/api/v1\"\n"
                + "gator.loader.files.cacert.path = \"\"\n"
                + "gator.loader.files.agent-jvm { path = \"/opt/gator/agent.jvm\", mode = \"644\", restart-agent = true }");
        assertEquals("https://api.example.net/api/v1/", s.apiUrl().toString());
        assertTrue(s.file("cacert").isEmpty());
        assertEquals("agent-jvm", s.files().get(s.files().size() - 1).name());
    }

    @Test
    void keyComesFromTheKeyFilesFirstLineAndAMalformedOneIsRefused() throws Exception {
        Path key = dir.resolve("loader.key");
        Files.writeString(key, "  " + LoaderHost.KEY + " \nsecond line\n");
        assertEquals(LoaderHost.KEY, read("gator.loader.loader-key-file = \"" + key + "\"").loaderKey());
        Files.writeString(key, "short-key\n");
        assertTrue(refused("gator.loader.loader-key-file = \"" + key + "\"").contains("loader key is incorrect length"));
        Files.writeString(key, "Pd1NkCXz-XcxQ4pytUOeKfDwzuQ1CrdyEWEP7fhQ");
        assertTrue(refused("gator.loader.loader-key-file = \"" + key + "\"").contains("loader key format is invalid"));
        assertTrue(refused("gator.loader.loader-key-file = \"" + dir.resolve("none") + "\"")
                .contains("does not exist"));
    }

    @Test
    void badValuesNameTheirKey() {
        assertTrue(refused(KEY + "gator.loader.required-signatures = 0").contains("required-signatures"));
        assertTrue(refused(KEY + "gator.loader.api-url = \"ftp://x/\"").contains("api-url"));
        assertTrue(refused(KEY + "gator.loader.restart-command = []").contains("restart-command"));
        assertTrue(refused(KEY + "gator.loader.heartbeat-timeout = 0s").contains("heartbeat-timeout"));
        assertTrue(refused(KEY + "gator.loader.files.mig-agent.mode = \"rwx\"").contains("files.mig-agent.mode"));
        assertTrue(refused(KEY + "gator.loader.files.mig-agent.path = \"relative.jar\"").contains("files.mig-agent.path"));
        assertTrue(refused(KEY + "gator.loader.max-fetch-response = 8GiB").contains("max-fetch-response"));
    }
}
