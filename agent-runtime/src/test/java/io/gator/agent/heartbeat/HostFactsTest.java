package io.gator.agent.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostFactsTest {

    @Test
    void osReleaseGivesFamilyVersionAndCodenameOfBothVersionStyles(@TempDir Path dir) throws Exception {
        Path debian = Files.writeString(dir.resolve("debian"), String.join("\n", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"",
                "NAME=\"Debian GNU/Linux\"", "VERSION_ID=\"12\"", "VERSION=\"12 (bookworm)\"", "ID=debian"));
        assertEquals(Optional.of("Debian GNU/Linux 12 bookworm"), HostFacts.osRelease(debian));
        Path ubuntu = Files.writeString(dir.resolve("ubuntu"), String.join("\n", "NAME=\"Ubuntu\"",
                "VERSION=\"14.04.4 LTS, Trusty Tahr\"", "ID=ubuntu", "VERSION_ID=\"14.04\""));
        assertEquals(Optional.of("Ubuntu 14.04.4 LTS Trusty Tahr"), HostFacts.osRelease(ubuntu));
        Path rolling = Files.writeString(dir.resolve("arch"), String.join("\n", "NAME=\"Arch Linux\"", "ID=arch"));
        assertEquals(Optional.of("Arch Linux unknown unknown"), HostFacts.osRelease(rolling));
        Path versionIdOnly = Files.writeString(dir.resolve("alpine"), String.join("\n", "NAME=\"Alpine Linux\"",
                "VERSION_ID=3.20.3"));
        assertEquals(Optional.of("Alpine Linux 3.20.3 unknown"), HostFacts.osRelease(versionIdOnly));
    }

    @Test
    void aMissingOrNamelessOsReleaseIsEmptySoOshiAnswers(@TempDir Path dir) throws Exception {
        assertEquals(Optional.empty(), HostFacts.osRelease(dir.resolve("absent")));
        assertEquals(Optional.empty(), HostFacts.osRelease(Files.writeString(dir.resolve("x"), "ID=x\n")));
    }

    @Test
    void onThisLinuxHostTheIdentIsWhatOshiReports() {
        // CI and the project machine are Linux with /etc/os-release: the heartbeat must not change by dropping OSHI
        Path osRelease = Path.of("/etc/os-release");
        assertEquals(HostFacts.oshiIdent(), HostFacts.osRelease(osRelease).orElseThrow());
        assertEquals(HostFacts.oshiIdent(), HostFacts.read(List.of("file"), "", false, "").ident());
    }

    @Test
    void factsNameTheOsFamilyAndArchitecture() {
        var env = HostFacts.read(List.of("file", "ping"), "", false, "");
        assertEquals(HostFacts.osFamily(), env.os());
        assertEquals(List.of("file", "ping"), env.modules());
        assertTrue(!env.arch().isBlank());
    }

    @Test
    void interfaceAddressesArePrintedAsMigsAgentDoes() throws Exception {
        assertEquals("fd00::2/64", HostFacts.address(java.net.InetAddress.getByName("fd00:0:0:0:0:0:0:2"), 64));
        assertEquals("fe80::1/64", HostFacts.address(java.net.InetAddress.getByName("fe80:0:0:0:0:0:0:1%1"), 64));
        assertEquals("10.0.0.5/24", HostFacts.address(java.net.InetAddress.getByName("10.0.0.5"), 24));
    }
}
