package io.gator.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.api.action.ActionChecks;
import io.gator.api.action.ParameterValidator;
import io.gator.api.auth.InvestigatorAuthenticator;
import io.gator.api.backend.InMemoryBackend;
import io.gator.api.http.ApiServer;
import io.gator.api.http.ApiSettings;
import io.gator.core.investigator.Investigator;
import io.gator.core.investigator.Permissions;
import io.gator.core.json.MigJson;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.ServerBinding;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The API bound on a loopback port with an {@link InMemoryBackend}, the fake token and signature
 * verifiers and a clock the test moves; requests go over real HTTP.
 */
public final class ApiHarness implements AutoCloseable {
    public static final String ALICE_FP = "22C8D4068CDF26758089E511F9BF5E2FBEC6D8C1";
    public static final String READER_FP = "1111111111111111111111111111111111111111";
    public static final String DISABLED_FP = "2222222222222222222222222222222222222222";
    private static final AtomicLong NONCES = new AtomicLong(1000);

    public final MutableClock clock;
    public final InMemoryBackend backend;
    public final FakeTokens tokens;
    public final FakeSignatures signatures = new FakeSignatures();
    public final ApiSettings settings;
    /** Actions awaiting co-signatures (co-signing is on when extraConfig sets gator.api.cosign.acl). */
    public final io.gator.api.cosign.MemoryPendingStore pending = new io.gator.api.cosign.MemoryPendingStore();
    private final ActorSystem<Void> system;
    private final ServerBinding binding;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String root;

    public ApiHarness(Instant start, String extraConfig) {
        this(start, extraConfig, b -> b);
    }

    /** With the backend the API sees wrapped (e.g. to make some calls hang). */
    public ApiHarness(Instant start, String extraConfig,
                      java.util.function.Function<InMemoryBackend, io.gator.api.backend.ApiBackend> wrap) {
        this(start, extraConfig, wrap, false);
    }

    /** The test investigator with a real key, known to the backend when {@code realPgp} (see {@link #pgpToken()}). */
    public final io.gator.core.sign.KeyGen.GeneratedKey tester = io.gator.core.sign.KeyGen.rsa(
            "tester <tester@example.net>", 2048);
    private final boolean realPgp;

    /**
     * With {@code realPgp}, tokens and action signatures are checked by the production code (actors-core PGP
     * over the backend's active investigators, nonces remembered); alice carries her real public key from the
     * fixtures and a "tester" investigator holds a fresh key.
     */
    public ApiHarness(Instant start, String extraConfig,
                      java.util.function.Function<InMemoryBackend, io.gator.api.backend.ApiBackend> wrap,
                      boolean realPgp) {
        this(start, extraConfig, wrap, realPgp, Optional.empty());
    }

    /** As above, with MIG's loaders and manifests kept in {@code loaders} (a real database). */
    public ApiHarness(Instant start, String extraConfig,
                      java.util.function.Function<InMemoryBackend, io.gator.api.backend.ApiBackend> wrap,
                      boolean realPgp, Optional<io.gator.api.loader.LoaderStore> loaders) {
        this.realPgp = realPgp;
        clock = new MutableClock(start);
        backend = new InMemoryBackend(clock);
        Config config = ConfigFactory.parseString("gator.api.port = 0\n" + extraConfig)
                .withFallback(ConfigFactory.load());
        settings = ApiSettings.fromConfig(config);
        tokens = new FakeTokens(clock, settings.tokenDuration());
        system = ActorSystem.create(Behaviors.empty(), "api-test", config);
        io.gator.api.backend.ApiBackend seen = wrap.apply(backend);
        ActionChecks checks = new ActionChecks(clock, settings.knownModules(), ParameterValidator.ACCEPT_ALL,
                target -> target.contains("DROP TABLE") ? Optional.of("statement not allowed") : Optional.empty(),
                realPgp ? new io.gator.api.crypto.PgpActionSignatureVerifier() : signatures, settings.actionLimits());
        io.gator.api.auth.TokenVerifier tokenCheck = realPgp ? new io.gator.api.crypto.PgpTokenVerifier(
                new io.gator.api.crypto.InvestigatorKeyring(seen, clock, Duration.ZERO), clock, settings.tokenDuration(),
                1000) : tokens;
        ApiServer server = new ApiServer(system, settings, seen, new InvestigatorAuthenticator(seen, tokenCheck),
                checks, clock, io.gator.api.cosign.CosignSettings.fromConfig(config), pending, loaders);
        try {
            binding = server.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            system.terminate();
            throw new IllegalStateException("API did not bind", e);
        }
        root = "http://127.0.0.1:" + binding.localAddress().getPort();
        seedInvestigators();
    }

    /** The port the API listens on. */
    public int port() {
        return binding.localAddress().getPort();
    }

    /** Back to the start: empty backend with the three test investigators, clock at {@code start}. */
    public void reset(Instant start) {
        clock.set(start);
        backend.clear();
        seedInvestigators();
    }

    private void seedInvestigators() {
        OffsetDateTime t = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        String alicePub = realPgp ? java.util.Base64.getEncoder().encodeToString(io.gator.core.testing.Fixtures
                .read("mig-wire/keys/alice.asc").getBytes(StandardCharsets.UTF_8)) : "";
        backend.put(new Investigator(2, "alice", ALICE_FP, alicePub, "active", t, t, Permissions.ALL));
        if (realPgp) {
            backend.put(new Investigator(9, "tester", tester.fingerprint(), java.util.Base64.getEncoder()
                    .encodeToString(tester.armoredPublicKey().getBytes(StandardCharsets.UTF_8)), "active", t, t,
                    Permissions.ALL));
        }
        backend.put(new Investigator(3, "reader", READER_FP, "", "active", t, t,
                new Permissions(true, false, false, false, false, false, false, false, false, false, false, false,
                        false, false, false, false, false, false, false)));
        backend.put(new Investigator(4, "mallory", DISABLED_FP, "", "disabled", t, t, Permissions.ALL));
        tokens.key(ALICE_FP, "alice-secret");
        tokens.key(READER_FP, "reader-secret");
        tokens.key(DISABLED_FP, "mallory-secret");
    }

    /** A fresh token for a registered fingerprint at the clock's now. */
    public String token(String fingerprint) {
        String secret = Map.of(ALICE_FP, "alice-secret", READER_FP, "reader-secret", DISABLED_FP, "mallory-secret")
                .get(fingerprint);
        return FakeTokens.token(fingerprint, secret, clock.instant(), Long.toString(NONCES.incrementAndGet()));
    }

    /** A fresh X-PGPAUTHORIZATION token signed with the tester's real key at the clock's now. */
    public String pgpToken() {
        try {
            return io.gator.core.auth.AuthToken.build(io.gator.core.sign.PgpSigner.of(tester), clock.instant(),
                    Long.toString(NONCES.incrementAndGet()));
        } catch (io.gator.core.sign.SignatureException e) {
            throw new IllegalStateException(e);
        }
    }

    public String alice() {
        return token(ALICE_FP);
    }

    public String url(String pathAndQuery) {
        return root + pathAndQuery;
    }

    public HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(url(pathAndQuery))).timeout(Duration.ofSeconds(10));
    }

    /** GET with a fresh alice token. */
    public Answer get(String pathAndQuery) {
        return send(request(pathAndQuery).header("X-PGPAUTHORIZATION", alice()).GET().build());
    }

    public Answer postForm(String path, String token, String formBody) {
        return send(request(path).header("X-PGPAUTHORIZATION", token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody)).build());
    }

    public Answer send(HttpRequest req) {
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(r.statusCode(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A response: status, body, headers. */
    public record Answer(int status, String body, Map<String, java.util.List<String>> headers) {
        public JsonNode json() {
            return MigJson.tree(body);
        }

        public String errorMessage() {
            return json().path("collection").path("error").path("message").asText();
        }

        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst();
        }

        /** items[i].data[0].value */
        public JsonNode value(int item) {
            return json().path("collection").path("items").path(item).path("data").path(0).path("value");
        }
    }

    @Override
    public void close() {
        try {
            binding.unbind().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the system is terminated below anyway
        }
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // best effort
        }
    }
}
