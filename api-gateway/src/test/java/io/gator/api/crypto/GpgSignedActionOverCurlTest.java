package io.gator.api.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.api.action.ActionChecks;
import io.gator.api.auth.InvestigatorAuthenticator;
import io.gator.api.backend.InMemoryBackend;
import io.gator.api.http.ApiServer;
import io.gator.api.http.ApiSettings;
import io.gator.core.action.Action;
import io.gator.core.action.Operation;
import io.gator.core.action.SignedString;
import io.gator.core.investigator.Investigator;
import io.gator.core.investigator.Permissions;
import io.gator.core.json.MigJson;
import io.gator.core.sign.Armor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Signature interop end to end: an investigator whose key lives in the real {@code gpg} signs the
 * token and the action with gpg, {@code curl} posts it, and the API (real PGP token and signature
 * checks, real target parser) accepts it; one changed byte gets a 400.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GpgSignedActionOverCurlTest {
    private Path home;
    private String fingerprint;
    private ActorSystem<Void> system;
    private String root;
    private InMemoryBackend backend;

    @BeforeAll
    void start() throws Exception {
        home = Files.createTempDirectory("gator-gpg-");
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        run(null, "gpg", "--homedir", home.toString(), "--batch", "--pinentry-mode", "loopback", "--passphrase", "",
                "--quick-gen-key", "Gpg Investigator <gpg@example.net>", "rsa2048", "sign", "never");
        String colons = run(null, "gpg", "--homedir", home.toString(), "--with-colons", "--list-keys");
        fingerprint = colons.lines().filter(l -> l.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];
        String armored = run(null, "gpg", "--homedir", home.toString(), "--armor", "--export", fingerprint);
        Clock clock = Clock.systemUTC();
        backend = new InMemoryBackend(clock);
        OffsetDateTime now = OffsetDateTime.now(clock);
        backend.put(new Investigator(7, "gpguser", fingerprint,
                Base64.getEncoder().encodeToString(armored.getBytes(StandardCharsets.UTF_8)), "active", now, now,
                Permissions.ALL));
        Config config = ConfigFactory.parseString("gator.api.port = 0").withFallback(ConfigFactory.load());
        ApiSettings settings = ApiSettings.fromConfig(config);
        system = ActorSystem.create(Behaviors.empty(), "gpg-api-test", config);
        InvestigatorKeyring keys = new InvestigatorKeyring(backend, clock, Duration.ofSeconds(5));
        ActionChecks checks = new ActionChecks(clock, settings.knownModules(), (m, p) -> java.util.Optional.empty(),
                new TargetGrammarValidator(), new PgpActionSignatureVerifier());
        ApiServer server = new ApiServer(system, settings, backend, new InvestigatorAuthenticator(backend,
                new PgpTokenVerifier(keys, clock, settings.tokenDuration(), 1000)), checks, clock);
        ServerBinding b = server.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
        root = "http://127.0.0.1:" + b.localAddress().getPort() + "/api/v1/";
    }

    @AfterAll
    void stop() throws Exception {
        system.terminate();
        try (var files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private String gpgSign(String text) throws Exception {
        String armored = run(text, "gpg", "--homedir", home.toString(), "--batch", "--pinentry-mode", "loopback",
                "--passphrase", "", "--armor", "--detach-sign", "--local-user", fingerprint);
        return Armor.dearmor(armored);
    }

    private String token() throws Exception {
        String str = "1;" + OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'"))
                + ";" + System.nanoTime();
        return str + ";" + gpgSign(str + "\n");
    }

    private Action action(String target) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return Action.of(0, "file -path /etc -name ^passwd$ ", target, now.minusMinutes(1), now.plusMinutes(6),
                List.of(new Operation("file", MigJson.tree(
                        "{\"searches\":{\"s1\":{\"paths\":[\"/etc\"],\"names\":[\"^passwd$\"]}}}"))));
    }

    private List<String> curlPost(Action a) throws Exception {
        Path body = home.resolve("action-" + System.nanoTime() + ".json");
        Files.writeString(body, MigJson.write(a));
        String out = run(null, "curl", "-s", "-o", "/dev/stderr", "-w", "%{http_code}", "-H",
                "X-PGPAUTHORIZATION: " + token(), "--data-urlencode", "action@" + body, root + "action/create/");
        return List.of(out.trim());
    }

    @Test
    void aGpgSignedActionPostedWithCurlIsAcceptedAndOneChangedByteIsRefused() throws Exception {
        Action a = action("status='online'");
        Action signed = a.withSignatures(List.of(gpgSign(SignedString.of(a))));
        assertEquals(List.of("202"), curlPost(signed));

        Action changed = Action.of(0, signed.name(), "status='onlinf'", signed.validFrom(), signed.expireAfter(),
                signed.operations()).withSignatures(signed.pgpSignatures());
        assertEquals(List.of("400"), curlPost(changed));
    }

    @Test
    void aGpgSignedTokenIsAcceptedOnceAndItsReplayRefused() throws Exception {
        String t = token();
        String first = run(null, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "X-PGPAUTHORIZATION: " + t,
                root + "dashboard");
        String replay = run(null, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "X-PGPAUTHORIZATION: " + t,
                root + "dashboard");
        assertEquals("200", first);
        assertEquals("401", replay);
    }

    @Test
    void anInjectedTargetIsRefusedByTheParserBeforeAnythingIsStored() throws Exception {
        Action a = action("status='online'; DROP TABLE agents; --");
        Action signed = a.withSignatures(List.of(gpgSign(SignedString.of(a))));
        assertEquals(List.of("400"), curlPost(signed));
    }

    static String run(String stdin, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(cmd)));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }
}
