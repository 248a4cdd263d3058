package io.gator.core.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the mig-loader capture ({@code mig-wire/loader-runner/}) holds that several modules' tests need. */
public final class LoaderFixtures {
    private LoaderFixtures() {}

    /** A manifest archive as an investigator packs one: each file under {@code manifest/}, gzipped tar. */
    public static byte[] tarGz(java.util.Map<String, byte[]> files) throws java.io.IOException {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        try (org.apache.commons.compress.archivers.tar.TarArchiveOutputStream tar =
                     new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                             new java.util.zip.GZIPOutputStream(buf))) {
            for (java.util.Map.Entry<String, byte[]> f : files.entrySet()) {
                org.apache.commons.compress.archivers.tar.TarArchiveEntry e =
                        new org.apache.commons.compress.archivers.tar.TarArchiveEntry("manifest/" + f.getKey());
                e.setSize(f.getValue().length);
                tar.putArchiveEntry(e);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
        }
        return buf.toByteArray();
    }

    /**
     * The armored public keys of ivan and mallory, in that order, as mig-console uploaded them when creating the
     * investigators who signed the captured manifests.
     */
    public static List<String> investigatorKeys() throws java.io.IOException {
        String decoded = new String(Files.readAllBytes(Fixtures.path("mig-wire/loader-runner/http/setup-investigators.raw")),
                StandardCharsets.ISO_8859_1).replace("\r", "");
        Matcher m = Pattern.compile("-----BEGIN PGP PUBLIC KEY BLOCK-----.*?-----END PGP PUBLIC KEY BLOCK-----",
                Pattern.DOTALL).matcher(decoded);
        List<String> keys = new ArrayList<>();
        while (m.find()) {
            keys.add(m.group());
        }
        if (keys.size() != 2) {
            throw new IllegalStateException("expected ivan's and mallory's keys in setup-investigators.raw, found "
                    + keys.size());
        }
        return keys;
    }
}
