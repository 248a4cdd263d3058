package io.gator.cli;

import io.gator.core.sign.KeyGen;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The training run of the CLI's class data sharing archive ({@code bin/mig} runs it once per jar with
 * {@code -XX:ArchiveClassesAtExit}): the commands investigators run most, a launch followed through the event stream
 * among them, against a throw-away API on a loopback port ({@link CdsTrainingApi}), signed with a throw-away key,
 * output discarded. Every class these load is then mapped from the archive instead of read, verified and linked at
 * each start.
 */
final class CdsTraining {
    private CdsTraining() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("mig-cds");
        try (CdsTrainingApi api = new CdsTrainingApi()) {
            Path key = dir.resolve("key.asc");
            Files.writeString(key, KeyGen.rsa("cds training", 2048).armoredSecretKey());
            Path rc = dir.resolve("migrc");
            // localhost as the .migrc gator standalone writes (the name's resolution loads classes too)
            Files.writeString(rc, "api.url = \"http://localhost:" + api.port() + "/api/v1\"\n"
                    + "key.file = \"" + key + "\"\ntargets.macros { linux = \"environment->>'os'='linux'\" }\n");
            PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
            MigMain mig = new MigMain(new MigMain.Wiring(Clock.systemUTC(), sink, sink, 0, Duration.ofMillis(1),
                    Signers::fromMigRc, Printers.DEFAULT, InputStream.nullInputStream(), System::getenv, r -> { }));
            String c = rc.toString();
            for (List<String> command : List.of(
                    List.of("status", "-c", c),
                    List.of("file", "-c", c, "-yes", "-path", "/etc", "-name", "^passwd$"),
                    List.of("file", "-c", c, "-t", "linux", "-yes", "-json", "-path", "/etc", "-name", "^passwd$"),
                    List.of("action", "list", "-c", c),
                    List.of("action", "show", "1", "-c", c),
                    List.of("agent", "search", "linux", "-c", c),
                    List.of("file", "-c", c, "-p", "-path", "/etc", "-name", "^passwd$"),
                    List.of("help", "file"))) {
                mig.run(command); // failures are part of the training: their classes load too
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
