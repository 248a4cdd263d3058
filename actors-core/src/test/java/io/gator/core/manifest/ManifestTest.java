package io.gator.core.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.sign.KeyGen;
import io.gator.core.sign.Keyring;
import io.gator.core.sign.PgpSigner;
import io.gator.core.sign.PgpVerifier;
import io.gator.core.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

class ManifestTest {
    private static final String LOADER = "mig-wire/loader-runner/loader/";

    @Test
    void signedStringOfMigsManifestEntriesIsTheStringItsInvestigatorsSigned() throws Exception {
        Manifest served = servedManifestV2();
        assertEquals("cap2-loader", served.loaderName());
        assertEquals(Fixtures.read(LOADER + "signed-string/manifest2-signed-string.txt"), served.signedString());
    }

    @Test
    void migsTwoSignaturesVerifyAgainstIvanAndMalloryAndCountTwo() throws Exception {
        Manifest served = servedManifestV2();
        List<String> signers = ManifestSignatures.verify(served, new PgpVerifier(Keyring.ofArmored(investigatorKeys())), 2);
        assertEquals(List.of("EBD207282811FF5D35AF064047811F63763DAF8A",
                "0878E6C72B2AF4D91DBD1EF65D0F6FB2AC601B2E"), signers);
    }

    @Test
    void tooFewSignaturesAreRefusedWithMigLoadersWords() throws Exception {
        Manifest served = servedManifestV2();
        Exception e = assertThrows(InvalidManifestException.class, () -> ManifestSignatures.verify(served,
                new PgpVerifier(Keyring.ofArmored(investigatorKeys())), 3));
        assertEquals("Not enough valid signatures (got 2, need 3), rejecting", e.getMessage());
    }

    @Test
    void aSignatureByAKeyOutsideTheKeyringFailsTheWholeManifest() throws Exception {
        Manifest served = servedManifestV2();
        List<String> onlyIvan = investigatorKeys().subList(0, 1);
        Exception e = assertThrows(InvalidManifestException.class,
                () -> ManifestSignatures.verify(served, new PgpVerifier(Keyring.ofArmored(onlyIvan)), 1));
        assertTrue(e.getMessage().contains("unknown signer"), e.getMessage());
    }

    @Test
    void theSameKeySigningTwiceIsRefused() throws Exception {
        KeyGen.GeneratedKey key = KeyGen.ed25519("dup <dup@test>");
        PgpSigner signer = PgpSigner.of(key);
        Manifest m = Manifest.of(List.of(new ManifestEntry("mig-agent", ManifestArchive.sha256(new byte[] {1}))));
        String sig = signer.sign(m.signedString());
        Manifest signed = m.withSignatures(List.of(sig, signer.sign(m.signedString())));
        Exception e = assertThrows(InvalidManifestException.class, () -> ManifestSignatures.verify(signed,
                new PgpVerifier(Keyring.ofArmored(key.armoredPublicKey())), 1));
        assertTrue(e.getMessage().startsWith("duplicate signature for fingerprint"), e.getMessage());
    }

    @Test
    void anEditedEntryNoLongerVerifies() throws Exception {
        Manifest served = servedManifestV2();
        List<ManifestEntry> edited = new ArrayList<>(served.entries());
        edited.set(1, new ManifestEntry("mig-agent", ManifestArchive.sha256(new byte[] {9})));
        Manifest tampered = new Manifest(served.loaderName(), edited, served.signatures());
        Exception e = assertThrows(InvalidManifestException.class, () -> ManifestSignatures.verify(tampered,
                new PgpVerifier(Keyring.ofArmored(investigatorKeys())), 1));
        assertTrue(e.getMessage().contains("bad signature"), e.getMessage());
    }

    @Test
    void archiveIsReadInOrderByBaseNameAndHashedWhole() throws Exception {
        byte[] tgz = Files.readAllBytes(Fixtures.path(LOADER + "inputs/manifest-v2.tar.gz"));
        ManifestArchive archive = ManifestArchive.read(tgz);
        assertEquals(List.of("configuration", "mig-agent"),
                archive.files().stream().map(ManifestArchive.File::name).toList());
        // The whole 11,938-byte file as GNU tar extracts it from the fixture archive.
        assertEquals(11938, archive.file("mig-agent").orElseThrow().size());
        assertEquals("76f0e67068f6cd06630738afe743da8224bf9608fccdcb324a367220d4155249",
                archive.manifest().entry("mig-agent").orElseThrow().sha256());
        // MIG hashed only the first 8192 bytes of this 11,938-byte file: Gator hashes the file as packed.
        assertNotEquals("646b893f59bed1e82bd73bca927e2bf17a2c0e11d5e95d65121e0e12c6752133",
                archive.manifest().entry("mig-agent").orElseThrow().sha256());
    }

    @Test
    void fetchDataRoundTripsAndIsBoundedWhenRead() {
        byte[] content = "0123456789".repeat(1000).getBytes(StandardCharsets.UTF_8);
        String data = ManifestArchive.fetchData(content);
        assertArrayEquals(content, ManifestArchive.fetchedContent(data, content.length));
        assertRefused("larger than", () -> ManifestArchive.fetchedContent(data, content.length - 1));
        assertRefused("base64", () -> ManifestArchive.fetchedContent("%%%", 10));
    }

    @Test
    void archivesPastTheLimitsOrWithDuplicateNamesOrNoFileAreRefused() throws Exception {
        byte[] dup = tar("a/x", "1", "b/x", "2");
        assertRefused("manifest archive has two files named x", () -> ManifestArchive.read(dup));
        byte[] big = tar("x", "12345");
        assertRefused("larger than 4 bytes", () -> ManifestArchive.read(big, new ManifestArchive.Limits(4, 4, 100)));
        byte[] two = tar("x", "1", "y", "2");
        assertRefused("more than 1 files", () -> ManifestArchive.read(two, new ManifestArchive.Limits(1, 4, 100)));
        byte[] none = tar();
        assertRefused("manifest archive holds no regular file", () -> ManifestArchive.read(none));
        assertRefused("not a readable tar.gz", () -> ManifestArchive.read("not gzip".getBytes(StandardCharsets.UTF_8)));
    }

    private static Manifest servedManifestV2() throws Exception {
        String decoded = Fixtures.read("mig-wire/loader-runner/http/loader-09-update-v2.txt");
        Matcher m = Pattern.compile("\\{\"name\":\"manifest\",\"value\":(\\{\"loader_name\".*?\\]\\})\\}").matcher(decoded);
        assertTrue(m.find());
        return Manifest.fromTree(new com.fasterxml.jackson.databind.ObjectMapper().readTree(m.group(1)));
    }

    private static List<String> investigatorKeys() throws Exception {
        return io.gator.core.testing.LoaderFixtures.investigatorKeys();
    }

    private static void assertRefused(String words, org.junit.jupiter.api.function.Executable call) {
        Exception e = assertThrows(InvalidManifestException.class, call);
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    private static byte[] tar(String... nameContent) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
                new java.util.zip.GZIPOutputStream(buf))) {
            for (int i = 0; i < nameContent.length; i += 2) {
                byte[] c = nameContent[i + 1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(nameContent[i]);
                e.setSize(c.length);
                tar.putArchiveEntry(e);
                tar.write(c);
                tar.closeArchiveEntry();
            }
        }
        return buf.toByteArray();
    }
}
