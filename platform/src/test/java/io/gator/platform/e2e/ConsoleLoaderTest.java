package io.gator.platform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.cli.MigMain;
import io.gator.cli.api.MigApiClient;
import io.gator.cli.config.MigRc;
import io.gator.cli.console.Console;
import io.gator.cli.console.ConsoleSession;
import io.gator.cli.launch.Launcher;
import io.gator.cli.sign.Signer;
import io.gator.core.json.MigJson;
import io.gator.core.manifest.Manifest;
import io.gator.core.manifest.ManifestArchive;
import io.gator.core.manifest.ManifestArchiveWriter;
import io.gator.core.manifest.ManifestSignatures;
import io.gator.core.sign.KeyGen;
import io.gator.core.sign.Keyring;
import io.gator.core.sign.PgpVerifier;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mig console} on the real API (PostgreSQL), typed line by line: {@code create loader}, the loader reader
 * (enable, expectenv, json), {@code create manifest} from an archive, the manifest reader (sign, json, entry,
 * loaders), {@code search loader|manifest}.
 */
class ConsoleLoaderTest {
    @Test
    void theConsoleCreatesAndReadsLoadersAndManifestsAndSignsWithTheInvestigatorsKey(@TempDir Path dir)
            throws Exception {
        KeyGen.GeneratedKey alice = KeyGen.rsa("alice <alice@example.net>", 2048);
        byte[] agent = new byte[5000];
        byte[] cfg = "[agent]\n".getBytes(StandardCharsets.UTF_8);
        Path archive = Files.write(dir.resolve("m.tar.gz"), ManifestArchiveWriter.pack(List.of(
                new ManifestArchiveWriter.Input("mig-agent", agent),
                new ManifestArchiveWriter.Input("configuration", cfg)), Instant.now()));
        try (TestPlatform platform = TestPlatform.start(dir, TestPlatform.Setup.of("loaderconsole", 1, alice))) {
            Path rc = platform.migrc("alice");
            String typed = String.join("\n",
                    "create loader con-loader",
                    "search loader where name=con*",
                    "loader 1",
                    "enable",
                    "expectenv \"env#>>'{os}'='linux'\"",
                    "json",
                    "exit",
                    "create manifest con-manifest " + archive + " \"loadername='con-loader'\"",
                    "manifest 1",
                    "sign",
                    "r",
                    "json",
                    "entry",
                    "shasum",
                    "loaders",
                    "exit",
                    "search manifest where status=staged",
                    "quit", "");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
            MigRc migrc = MigRc.read(rc);
            Signer signer = MigMain.Wiring.defaults().signers().apply(migrc);
            MigApiClient client = new MigApiClient(migrc.apiUrl(), Optional.of(signer), Optional.empty(), MigMain.VERSION);
            Map<String, String> env = Map.of("MIGRC", rc.toString());
            MigMain mig = new MigMain(new MigMain.Wiring(Clock.systemUTC(), o, e, 0, Duration.ofMillis(100),
                    MigMain.Wiring.defaults().signers(), MigMain.Wiring.defaults().printer(), InputStreamOf.none(),
                    env::get, r -> { }));
            ConsoleSession session = new ConsoleSession(client, o, e, MigMain.Wiring.defaults().printer(),
                    () -> new Launcher(new Launcher.Env(client, signer, MigMain.Wiring.defaults().printer(), o, e,
                            Clock.systemUTC(), 0, Duration.ofMillis(100))), mig::run, r -> { });
            try (Terminal t = new DumbTerminal(new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayOutputStream())) {
                assertEquals(0, new Console(session).run(t, dir.resolve("history")));
            }
            String shown = out.toString(StandardCharsets.UTF_8);
            String errors = err.toString(StandardCharsets.UTF_8);
            assertTrue(!errors.contains("error"), errors + shown);
            // create manifest lists the files it sent, on stderr
            assertTrue(errors.contains(ManifestArchive.sha256(cfg) + "  configuration"), errors);
            assertTrue(Pattern.compile("Loader key including prefix to supply to client will be \"[A-Za-z0-9]{40}\"\n"
                    + "New entry successfully created \\(id 1\\) but is disabled").matcher(shown).find(), shown);
            assertTrue(shown.matches("(?s).*\n     1   con-loader\\s+false\\s+.*"), shown);
            assertTrue(shown.contains("Loader: 'con-loader'.\nStatus 'false'.\nLoader has been enabled\nreloaded\n"
                    + "Expected environment match set\nreloaded\n"), shown);
            assertTrue(shown.contains("\"enabled\": true,\n  \"expectenv\": \"env#\\u003e\\u003e'{os}'='linux'\"\n}"),
                    shown);
            assertTrue(shown.contains("Manifest successfully created (id 1, staged until signed)"), shown);
            assertTrue(shown.contains("Manifest: 'con-manifest'.\nStatus 'staged'.\nManifest signature has been "
                    + "accepted\nreloaded\n"), shown);
            assertTrue(shown.contains(ManifestArchive.sha256(agent) + "  mig-agent\n"), shown);
            assertTrue(shown.contains("\"name\":\"con-loader\""), shown);
            assertTrue(shown.matches("(?s).*\n     1   con-manifest\\s+staged\\s+loadername='con-loader'.*"), shown);

            // the console's signature is alice's over the manifest's signed string, by the loader's rule
            Matcher entry = Pattern.compile("(?s)\\{\n  \"loader_name\": \"\",.*?\n\\}").matcher(shown);
            assertTrue(entry.find(), shown);
            Manifest m = Manifest.fromTree(MigJson.tree(entry.group()));
            assertEquals(1, m.signatures().size(), entry.group());
            assertEquals(List.of(alice.fingerprint().toUpperCase()), ManifestSignatures.verify(m,
                    new PgpVerifier(Keyring.ofArmored(alice.armoredPublicKey())), 1).stream()
                    .map(String::toUpperCase).toList());
        }
    }

    /** No standard input for the console's own mig runs (nothing asks). */
    private static final class InputStreamOf {
        static java.io.InputStream none() {
            return new ByteArrayInputStream(new byte[0]);
        }
    }
}
