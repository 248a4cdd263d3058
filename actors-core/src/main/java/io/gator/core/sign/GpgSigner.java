package io.gator.core.sign;

import io.gator.core.sign.SignatureException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Signs by running the local {@code gpg} binary ({@code gpg --armor --detach-sign --local-user <key>}),
 * so that gpg-agent keeps the passphrase and the secret key never enters the JVM. The data goes on
 * gpg's standard input; the armored signature is de-armored.
 */
public final class GpgSigner implements Signer {
    private final String gpg;
    private final String localUser;
    private final String fingerprint;
    private final Optional<Path> gnupgHome;
    private final List<String> extraArgs;
    private final Duration timeout;

    /**
     * @param gpg the gpg executable ("gpg" looks it up in PATH)
     * @param localUser key ID or fingerprint given to {@code --local-user}
     * @param fingerprint the primary fingerprint of that key (reported by {@link #fingerprint()})
     * @param gnupgHome a GNUPGHOME to use instead of the user's default
     * @param extraArgs extra gpg options (e.g. {@code --pinentry-mode loopback --passphrase ''} in tests)
     * @param timeout how long gpg may take (it may wait for a pinentry)
     */
    public GpgSigner(String gpg, String localUser, String fingerprint, Optional<Path> gnupgHome,
            List<String> extraArgs, Duration timeout) {
        this.gpg = Objects.requireNonNull(gpg);
        this.localUser = Objects.requireNonNull(localUser);
        this.fingerprint = Keyring.normalize(fingerprint);
        this.gnupgHome = Objects.requireNonNull(gnupgHome);
        this.extraArgs = List.copyOf(extraArgs);
        this.timeout = Objects.requireNonNull(timeout);
    }

    /** A signer using {@code gpg} from PATH, the default GNUPGHOME and a two-minute timeout. */
    public static GpgSigner of(String fingerprint) {
        return new GpgSigner("gpg", fingerprint, fingerprint, Optional.empty(), List.of(), Duration.ofMinutes(2));
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public String sign(byte[] data) throws SignatureException {
        List<String> cmd = new ArrayList<>(List.of(gpg, "--batch", "--no-tty", "--armor", "--detach-sign",
                "--digest-algo", "SHA256", "--local-user", localUser));
        gnupgHome.ifPresent(h -> cmd.addAll(List.of("--homedir", h.toString())));
        cmd.addAll(extraArgs);
        cmd.add("-");
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new SignatureException(Kind.SIGNING_FAILED, "cannot run " + gpg + ": " + e.getMessage(), e);
        }
        CompletableFuture<byte[]> out = drain(p.getInputStream());
        CompletableFuture<byte[]> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(data);
        } catch (IOException e) {
            p.destroyForcibly();
            throw new SignatureException(Kind.SIGNING_FAILED, "cannot write to gpg: " + e.getMessage(), e);
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new SignatureException(Kind.SIGNING_FAILED, "gpg did not finish within " + timeout);
            }
            String stdout = new String(out.get(), StandardCharsets.US_ASCII);
            if (p.exitValue() != 0) {
                throw new SignatureException(Kind.SIGNING_FAILED, "gpg --detach-sign exited with "
                        + p.exitValue() + ": " + new String(err.get(), StandardCharsets.UTF_8).strip());
            }
            return Armor.dearmor(stdout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new SignatureException(Kind.SIGNING_FAILED, "interrupted while waiting for gpg", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new SignatureException(Kind.SIGNING_FAILED, "cannot read gpg output", e);
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (s; ByteArrayOutputStream b = new ByteArrayOutputStream()) {
                s.transferTo(b);
                return b.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
