package io.gator.core.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gator.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestArchiveWriterTest {
    private static final Instant T = Instant.parse("2026-12-02T09:00:00Z");

    @Test
    void packedFilesReadBackInOrderWithTheirWholeContentAndHashes() {
        byte[] agent = new byte[11938]; // past several 4 KiB blocks: MIG's truncation would show here
        for (int i = 0; i < agent.length; i++) {
            agent[i] = (byte) (i * 31);
        }
        byte[] cfg = "[agent]\nrelay = \"amqp://x\"\n".getBytes(StandardCharsets.UTF_8);
        byte[] tgz = ManifestArchiveWriter.pack(List.of(new ManifestArchiveWriter.Input("configuration", cfg),
                new ManifestArchiveWriter.Input("mig-agent", agent)), T);
        ManifestArchive read = ManifestArchive.read(tgz);
        assertEquals(List.of("configuration", "mig-agent"), read.files().stream().map(ManifestArchive.File::name).toList());
        assertArrayEquals(agent, read.file("mig-agent").orElseThrow().content());
        assertEquals(ManifestArchive.sha256(agent), read.manifest().entry("mig-agent").orElseThrow().sha256());
        assertEquals(ManifestArchive.sha256(cfg), read.manifest().entry("configuration").orElseThrow().sha256());
    }

    @Test
    void repackingMigsV2SourceFilesGivesTheSameEntriesAsMigsArchive() throws Exception {
        ManifestArchive mig = ManifestArchive.read(java.nio.file.Files.readAllBytes(
                Fixtures.path("mig-wire/loader-runner/loader/inputs/manifest-v2.tar.gz")));
        byte[] again = ManifestArchiveWriter.pack(mig.files().stream()
                .map(f -> new ManifestArchiveWriter.Input(f.name(), f.content())).toList(), T);
        assertEquals(mig.manifest().signedString(), ManifestArchive.read(again).manifest().signedString());
    }

    @Test
    void noFileADuplicateOrAPathAreRefused() {
        byte[] x = {1};
        assertThrows(InvalidManifestException.class, () -> ManifestArchiveWriter.pack(List.of(), T));
        assertThrows(InvalidManifestException.class, () -> ManifestArchiveWriter.pack(List.of(
                new ManifestArchiveWriter.Input("mig-agent", x), new ManifestArchiveWriter.Input("mig-agent", x)), T));
        assertThrows(InvalidManifestException.class, () -> ManifestArchiveWriter.pack(List.of(
                new ManifestArchiveWriter.Input("../etc/passwd", x)), T));
    }
}
