package io.gator.agent.module.file;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Message digests computed by OpenSSL's libcrypto (through JNA), for agents that run without C2: the JDK's
 * SHA-2 runs at 15-20 MB/s compiled by C1 only, libcrypto at sha256sum's speed. Every call hashes a whole
 * read buffer (64 KB), so JNA's per-call cost vanishes. Without libcrypto, or when it fails, {@link #create}
 * returns the JDK's digest: same results, only slower (NativeDigestsTest checks both agree on random data).
 */
final class NativeDigests {

    /** The file module's digest names (JDK spelling) to libcrypto's. */
    private static final Map<String, String> OPENSSL_NAMES = Map.of(
            "MD5", "MD5", "SHA-1", "SHA1", "SHA-224", "SHA224", "SHA-256", "SHA256", "SHA-384", "SHA384",
            "SHA-512", "SHA512", "SHA3-224", "SHA3-224", "SHA3-256", "SHA3-256", "SHA3-384", "SHA3-384",
            "SHA3-512", "SHA3-512");

    /** The few libcrypto calls used (OpenSSL 1.1 and 3 alike); JNA direct mapping, the cheapest call. */
    static final class Crypto {
        static native Pointer EVP_get_digestbyname(String name);

        static native Pointer EVP_MD_CTX_new();

        static native void EVP_MD_CTX_free(Pointer ctx);

        static native int EVP_DigestInit_ex(Pointer ctx, Pointer type, Pointer engine);

        static native int EVP_DigestUpdate(Pointer ctx, Pointer data, long count);

        static native int EVP_DigestFinal_ex(Pointer ctx, byte[] out, int[] size);
    }

    /** libcrypto's digest descriptors by JDK name, looked up once. */
    private static final Map<String, Pointer> METHODS = new ConcurrentHashMap<>();

    private static final boolean LOADED = load();

    private NativeDigests() {}

    private static boolean load() {
        if (Boolean.getBoolean("gator.agent.jdk-digests")) {
            return false;
        }
        for (String name : new String[] {"crypto", "libcrypto.so.3", "libcrypto.so.1.1"}) {
            try {
                Native.register(Crypto.class, NativeLibrary.getInstance(name));
                return Crypto.EVP_get_digestbyname("SHA256") != null;
            } catch (Throwable e) { // UnsatisfiedLinkError, no JNA for this platform: try the next name
                continue;
            }
        }
        return false;
    }

    /** True when digests come from libcrypto. */
    static boolean isNative() {
        return LOADED;
    }

    /** A digest for a JDK algorithm name (MD5, SHA-1, SHA-2 and SHA3 families); libcrypto's when available. */
    static Digest create(String algorithm) throws NoSuchAlgorithmException {
        String openssl = OPENSSL_NAMES.get(algorithm.toUpperCase(Locale.ROOT));
        if (LOADED && openssl != null) {
            Pointer md = METHODS.computeIfAbsent(openssl, n -> {
                Pointer m = Crypto.EVP_get_digestbyname(n);
                return m == null ? new Pointer(0) : m; // 0: unknown to this libcrypto, the JDK serves it
            });
            if (Pointer.nativeValue(md) != 0) {
                Pointer ctx = Crypto.EVP_MD_CTX_new();
                if (ctx != null) {
                    if (Crypto.EVP_DigestInit_ex(ctx, md, null) == 1) {
                        return new Libcrypto(ctx);
                    }
                    Crypto.EVP_MD_CTX_free(ctx);
                }
            }
        }
        return jdk(algorithm);
    }

    static Digest jdk(String algorithm) throws NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance(algorithm);
        return new Digest() {
            @Override
            public void update(byte[] b, int off, int len) {
                md.update(b, off, len);
            }

            @Override
            public byte[] digest() {
                return md.digest();
            }

            @Override
            public void close() {}
        };
    }

    /** One running digest; {@link #close} frees native state (digest() does too). */
    interface Digest extends AutoCloseable {
        void update(byte[] b, int off, int len);

        byte[] digest();

        @Override
        void close();
    }

    private static final class Libcrypto implements Digest {
        private Pointer ctx;
        private Memory mem;

        Libcrypto(Pointer ctx) {
            this.ctx = ctx;
        }

        @Override
        public void update(byte[] b, int off, int len) {
            if (len <= 0) {
                return;
            }
            if (mem == null || mem.size() < len) {
                mem = new Memory(Math.max(len, 1 << 16));
            }
            mem.write(0, b, off, len);
            if (Crypto.EVP_DigestUpdate(ctx, mem, len) != 1) {
                throw new IllegalStateException("libcrypto EVP_DigestUpdate failed");
            }
        }

        @Override
        public byte[] digest() {
            byte[] out = new byte[64];
            int[] size = new int[1];
            int ok = Crypto.EVP_DigestFinal_ex(ctx, out, size);
            close();
            if (ok != 1) {
                throw new IllegalStateException("libcrypto EVP_DigestFinal_ex failed");
            }
            return java.util.Arrays.copyOf(out, size[0]);
        }

        @Override
        public void close() {
            if (ctx != null) {
                Crypto.EVP_MD_CTX_free(ctx);
                ctx = null;
            }
            if (mem != null) {
                mem.close();
                mem = null;
            }
        }
    }
}
