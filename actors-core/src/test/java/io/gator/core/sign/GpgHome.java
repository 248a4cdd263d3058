package io.gator.core.sign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A throw-away GNUPGHOME driven through the real gpg binary, no passphrases. */
final class GpgHome implements AutoCloseable {
    /** Result of one gpg run. */
    record Run(int exit, String stdout, String stderr) {}

    final Path home;

    GpgHome() throws IOException {
        // Short path: gpg-agent's socket path must fit in a sockaddr_un.
        home = Files.createTempDirectory(Path.of("/tmp"), "gpgh");
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    Run run(byte[] stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--no-tty",
                "--pinentry-mode", "loopback", "--passphrase", ""));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("gpg timed out: " + cmd);
        }
        return new Run(p.exitValue(), out.join(), err.join());
    }

    Run ok(byte[] stdin, String... args) throws IOException, InterruptedException {
        Run r = run(stdin, args);
        if (r.exit() != 0) {
            throw new IOException("gpg " + String.join(" ", args) + " failed (" + r.exit() + "): " + r.stderr());
        }
        return r;
    }

    /** Generates a key and returns its primary fingerprint. */
    String genKey(String uid, String algo) throws IOException, InterruptedException {
        ok(null, "--quick-gen-key", uid, algo, "default", "never");
        return fingerprintOf(uid);
    }

    String fingerprintOf(String uid) throws IOException, InterruptedException {
        String colons = ok(null, "--with-colons", "--fingerprint", "--list-keys", uid).stdout();
        return colons.lines().filter(l -> l.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];
    }

    String exportPublic(String fpr) throws IOException, InterruptedException {
        return ok(null, "--armor", "--export", fpr).stdout();
    }

    String exportSecret(String fpr) throws IOException, InterruptedException {
        return ok(null, "--armor", "--export-secret-keys", fpr).stdout();
    }

    /** gpg's armored detached signature over data. */
    String detachSign(String fpr, byte[] data, String... extra) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--armor", "--detach-sign", "--local-user", fpr));
        args.addAll(List.of(extra));
        return ok(data, args.toArray(String[]::new)).stdout();
    }

    /** gpg --verify of an armored signature; returns the VALIDSIG primary fingerprint or null. */
    String verify(String armoredSig, byte[] data) throws IOException, InterruptedException {
        Path sig = Files.createTempFile(home, "sig", ".asc");
        Path dat = Files.createTempFile(home, "data", ".bin");
        Files.writeString(sig, armoredSig);
        Files.write(dat, data);
        Run r = run(null, "--status-fd", "1", "--verify", sig.toString(), dat.toString());
        if (r.exit() != 0) {
            return null;
        }
        return r.stdout().lines().filter(l -> l.startsWith("[GNUPG:] VALIDSIG ")).map(l -> l.split(" ")[11])
                .findFirst().orElse(null);
    }

    void importKey(String armored) throws IOException, InterruptedException {
        ok(armored.getBytes(StandardCharsets.US_ASCII), "--import");
    }

    private static String readAll(java.io.InputStream s) {
        try (s) {
            return new String(s.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "all").start().waitFor(20, TimeUnit.SECONDS);
        try (Stream<Path> s = Files.walk(home)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
