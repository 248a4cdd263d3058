package io.gator.agent.module.scribe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gator.agent.module.ModuleContext;
import io.gator.agent.module.pkg.PkgRunner;
import io.gator.core.module.pkg.PackageInfo;
import io.gator.core.module.scribe.GoRegexp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How scribe sees the host: package names as {@code dpkg -l} gives them, file lines as Go's reader splits them. */
class HostReadingTest {
    @TempDir
    Path root;

    @Test
    void packagesAreDpkgListsFullyInstalledOnesNamedAndSortedAsItNamesAndSortsThem() throws Exception {
        Files.createDirectories(root.resolve("var/lib/dpkg"));
        Files.writeString(root.resolve("var/lib/dpkg/status"), """
                Package: zlib1g
                Status: install ok installed
                Architecture: amd64
                Multi-Arch: same
                Version: 1:1.2.13.dfsg-1

                Package: dpkg
                Status: install ok installed
                Architecture: amd64
                Version: 1.21.22

                Package: held
                Status: hold ok installed
                Architecture: amd64
                Version: 1.0

                Package: removed
                Status: deinstall ok config-files
                Architecture: amd64
                Version: 1.0

                Package: libfoo
                Status: install ok installed
                Architecture: i386
                Version: 2.0

                Package: tzdata
                Status: install ok installed
                Architecture: all
                Multi-Arch: foreign
                Version: 2024a-0
                """);
        List<String> names = PkgRunner.dpkgList(ModuleContext.defaults().withRoot(root)).stream()
                .map(PackageInfo::name).toList();
        assertEquals(List.of("dpkg", "libfoo:i386", "tzdata", "zlib1g:amd64"), names);
    }

    @Test
    void linesEndAtNewlineWithoutCarriageReturnAndLongOnesCountAsSeveral() throws Exception {
        Path f = root.resolve("f");
        Files.writeString(f, "a=1\r\nb=2\n" + "x".repeat(4096) + "c=3\nlast=4");
        assertEquals(List.of(List.of("a", "1"), List.of("b", "2"), List.of("c", "3"), List.of("last", "4")),
                LineMatcher.matches(f.toString(), GoRegexp.compile("^(\\w+)=(\\d+)$")));
        assertEquals(List.of(List.of("")), LineMatcher.matches(f.toString(), GoRegexp.compile("^b=2(x)?$")));
    }
}
