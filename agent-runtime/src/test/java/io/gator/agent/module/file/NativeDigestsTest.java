package io.gator.agent.module.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NativeDigestsTest {

    /** Every digest the file module asks for (md5, sha1, sha2 and sha3 checks, sha256 of file info). */
    private static final List<String> ALGORITHMS = List.of("MD5", "SHA-1", "SHA-224", "SHA-256", "SHA-384",
            "SHA-512", "SHA3-224", "SHA3-256", "SHA3-384", "SHA3-512");

    @Test
    void libcryptoIsUsedOnThisLinuxHost() {
        // the build host has OpenSSL's libcrypto; an agent without it falls back (next tests cover both paths)
        assertTrue(NativeDigests.isNative(), "libcrypto did not load");
    }

    @Test
    void everyAlgorithmEqualsTheJdkOnRandomDataInRandomChunks() throws Exception {
        Random random = new Random(20261123);
        for (String algorithm : ALGORITHMS) {
            for (int size : new int[] {0, 1, 55, 64, 1000, 65_536, 300_001}) {
                byte[] data = new byte[size];
                random.nextBytes(data);
                byte[] expected = MessageDigest.getInstance(algorithm).digest(data);
                try (NativeDigests.Digest d = NativeDigests.create(algorithm)) {
                    int off = 0;
                    while (off < size) { // uneven chunks, some at an offset into the array
                        int n = Math.min(size - off, 1 + random.nextInt(70_000));
                        d.update(data, off, n);
                        off += n;
                    }
                    assertArrayEquals(expected, d.digest(), algorithm + " over " + size + " bytes");
                }
            }
        }
    }

    @Test
    void theJdkFallbackGivesTheSameResults() throws Exception {
        byte[] data = new byte[100_000];
        new Random(7).nextBytes(data);
        for (String algorithm : ALGORITHMS) {
            NativeDigests.Digest jdk = NativeDigests.jdk(algorithm);
            jdk.update(data, 0, data.length);
            NativeDigests.Digest chosen = NativeDigests.create(algorithm);
            chosen.update(data, 0, data.length);
            assertArrayEquals(jdk.digest(), chosen.digest(), algorithm);
        }
    }
}
