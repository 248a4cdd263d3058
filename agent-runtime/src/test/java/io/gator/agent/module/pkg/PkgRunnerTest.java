package io.gator.agent.module.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.agent.module.ModuleContext;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.module.pkg.PkgModule;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkgRunnerTest {
    @TempDir
    Path root;
    final PkgRunner runner = new PkgRunner();

    @BeforeEach
    void status() throws Exception {
        Files.createDirectories(root.resolve("var/lib/dpkg"));
        Files.writeString(root.resolve("var/lib/dpkg/status"), """
                Package: openssl
                Status: install ok installed
                Priority: optional
                Architecture: amd64
                Version: 3.0.19-1~deb12u2
                Description: Secure Sockets Layer toolkit
                 a continuation line

                Package: openssl-provider-legacy
                Status: deinstall ok config-files
                Architecture: amd64
                Version: 3.0.11-1

                Package: libssl3
                Status: install ok installed
                Architecture: amd64
                Version: 3.0.19-1~deb12u2
                """);
    }

    Result run(String json) {
        return runner.run(PkgModule.INSTANCE.parse(MigJson.tree(json)), ModuleContext.defaults().withRoot(root));
    }

    @Test
    void findsInstalledPackagesByNameRegex() {
        Result r = run("{\"pkgmatch\":{\"matches\":[\"^openssl$\"]},\"vermatch\":\"\"}");
        assertTrue(r.foundAnything());
        assertEquals(MigJson.tree("{\"packages\":[{\"name\":\"openssl\",\"version\":\"3.0.19-1~deb12u2\",\"type\":\"dpkg\",\"arch\":\"amd64\"}]}"),
                r.elements());
        assertTrue(r.statistics().path("execruntime").asText().matches("[0-9.]+(ns|µs|ms|s)"));
    }

    @Test
    void removedPackagesAndVersionFilterAreHonoured() {
        assertFalse(run("{\"pkgmatch\":{\"matches\":[\"legacy\"]}}").foundAnything());
        assertEquals(2, run("{\"pkgmatch\":{\"matches\":[\"ssl\"]},\"vermatch\":\"^3\\\\.0\\\\.19\"}").elements().path("packages").size());
        assertFalse(run("{\"pkgmatch\":{\"matches\":[\"ssl\"]},\"vermatch\":\"^1\\\\.\"}").foundAnything());
    }
}
