package io.gator.agent.module.sshkey;

import com.fasterxml.jackson.databind.node.NullNode;
import com.typesafe.config.Config;
import io.gator.agent.module.ModuleContext;
import io.gator.agent.module.ModuleRunner;
import io.gator.core.command.Result;
import io.gator.core.module.ModuleDefinition;
import io.gator.core.module.sshkey.FoundKey;
import io.gator.core.module.sshkey.SshkeyModule;
import io.gator.core.module.sshkey.SshkeyParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * MIG's sshkey module: files under the given roots with a line that starts like an SSH key are candidates, and
 * each candidate is read as a private key, an authorized_keys file or a public key file; only fingerprints and
 * paths are reported.
 */
public final class SshkeyRunner implements ModuleRunner<SshkeyParameters> {
    /** MIG's candidates: a line starting as a PEM RSA/DSA private key or an RSA/DSA public key. */
    static final Pattern MIG_CANDIDATE = Pattern.compile("^(-----BEGIN (RSA|DSA) PRIVATE KEY|ssh-(rsa|dss) )");
    /** Also the formats MIG's candidate search misses: OpenSSH and EC private keys, ECDSA and Ed25519 public keys. */
    static final Pattern ANY_CANDIDATE = Pattern.compile(
            "^(-----BEGIN (RSA|DSA|EC|OPENSSH) PRIVATE KEY|(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp(256|384|521)) )");
    private static final int DEFAULT_DEPTH = 8;

    private final Pattern candidate;

    public SshkeyRunner() {
        this(false);
    }

    SshkeyRunner(boolean allFormats) {
        this.candidate = allFormats ? ANY_CANDIDATE : MIG_CANDIDATE;
    }

    @Override
    public ModuleRunner<SshkeyParameters> configured(Config section) {
        return new SshkeyRunner(section.getBoolean("report-formats-mig-misses"));
    }

    @Override
    public ModuleDefinition<SshkeyParameters> definition() {
        return SshkeyModule.INSTANCE;
    }

    @Override
    public Result run(SshkeyParameters p, ModuleContext ctx) {
        int depth = p.maxDepth() == 0 ? DEFAULT_DEPTH : p.maxDepth();
        List<FoundKey> keys = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Path root : roots(p, ctx)) {
            for (Path file : new CandidateFiles(candidate, depth, ctx).under(root)) {
                ctx.checkCancelled(name());
                try {
                    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
                    keys.addAll(KeyFileReader.read(file.toString(), file.getFileName().toString(), text, errors));
                } catch (IOException e) {
                    // gone or unreadable since the search: MIG's parser would have dropped it too
                }
            }
        }
        return new Result(!keys.isEmpty(), true, SshkeyModule.elementsJson(keys), NullNode.getInstance(), errors);
    }

    /** The given paths, or MIG's default home directories of the platform. */
    private static List<Path> roots(SshkeyParameters p, ModuleContext ctx) {
        if (!p.paths().isEmpty()) {
            return p.paths().stream().map(Path::of).toList();
        }
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return List.of(Path.of("c:\\Users"));
        }
        return List.of(ctx.system("/root"), ctx.system("/home"));
    }
}
