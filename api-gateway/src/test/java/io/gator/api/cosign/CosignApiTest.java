package io.gator.api.cosign;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.api.testing.ApiHarness;
import io.gator.api.testing.ApiHarness.Answer;
import io.gator.core.action.Action;
import io.gator.core.action.Operation;
import io.gator.core.action.SignedString;
import io.gator.core.auth.AuthToken;
import io.gator.core.investigator.Investigator;
import io.gator.core.investigator.Permissions;
import io.gator.core.json.MigJson;
import io.gator.core.sign.Armor;
import io.gator.core.sign.KeyGen;
import io.gator.core.sign.PgpSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Co-signing over real HTTP with production PGP checks: an ACL needing weight 2 where "carol" and "dave" weigh 1
 * each and the harness's "tester" is not listed (weight 0).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CosignApiTest {
    static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    static final AtomicLong NONCES = new AtomicLong(1);
    final KeyGen.GeneratedKey carol = KeyGen.ed25519("carol <carol@example.net>");
    final KeyGen.GeneratedKey dave = KeyGen.ed25519("dave <dave@example.net>");
    final KeyGen.GeneratedKey erin = KeyGen.ed25519("erin <erin@example.net>");
    ApiHarness api;

    String acl;

    @BeforeAll
    void start() {
        acl = """
                gator.api.cosign.window = 2h
                gator.api.cosign.acl = {
                  default { minimumweight = 2, investigators {
                    carol { fingerprint = "%s", weight = 1 }
                    dave { fingerprint = "%s", weight = 1 }
                    erin { fingerprint = "%s", weight = 1 } } }
                }
                """.formatted(carol.fingerprint(), dave.fingerprint(), erin.fingerprint());
        api = new ApiHarness(START, acl, b -> b, true);
    }

    @BeforeEach
    void reset() {
        api.reset(START);
        api.pending.clear();
        OffsetDateTime t = OffsetDateTime.ofInstant(START, ZoneOffset.UTC);
        api.backend.put(investigator(20, "carol", carol, t));
        api.backend.put(investigator(21, "dave", dave, t));
        api.backend.put(investigator(23, "erin", erin, t));
    }

    @AfterAll
    void stop() {
        api.close();
    }

    static Investigator investigator(long id, String name, KeyGen.GeneratedKey key, OffsetDateTime t) {
        return new Investigator(id, name, key.fingerprint(), Base64.getEncoder().encodeToString(
                key.armoredPublicKey().getBytes(StandardCharsets.UTF_8)), "active", t, t, Permissions.ALL);
    }

    @Test
    void actionShortOfTheAclWeightWaitsWithWhatIsMissingInsteadOfBeingCreated() {
        Answer a = post(carol, action("needs two"));
        assertEquals(202, a.status(), a.body());
        JsonNode item = a.json().path("collection").path("items").get(0);
        long id = id(a);
        JsonNode data = item.path("data");
        assertEquals("action ID " + id, data.get(0).path("name").asText(), "MIG clients read the action first");
        assertEquals("awaiting signatures", data.get(0).path("value").path("status").asText());
        JsonNode cosign = data.get(1).path("value");
        assertEquals("file: 1 of 2, needs 1 more", cosign.path("missing").asText());
        assertTrue(api.backend.action(id).toCompletableFuture().join().isEmpty(), "nothing reaches the scheduler");

        JsonNode listed = only(api.send(get("/api/v1/cosign/pending", dave)));
        assertEquals(id, listed.path("id").asLong());
        assertEquals(1, listed.path("weights").get(0).path("collected").asInt());
        assertEquals(2, listed.path("weights").get(0).path("needed").asInt());
        assertEquals("carol", listed.path("signers").get(0).path("name").asText());
        assertEquals("2026-12-01T12:00Z", listed.path("expiresat").asText(), "the 2h window");
        assertTrue(listed.path("canonical").isMissingNode(), "listings stay small: no action, no canonical string");
        JsonNode one = only(api.send(get("/api/v1/cosign/pending?actionid=" + id, dave)));
        assertEquals(SignedString.of(action("needs two")), one.path("canonical").asText());
        assertEquals("needs two", one.path("action").path("name").asText());
    }

    @Test
    void aPaceCannotBeAskedForAnActionThatAwaitsCoSignatures() throws Exception {
        Action signed = PgpSigner.of(carol).signAction(action("needs two, paced"));
        Answer a = form("/api/v1/action/create/", carol, "action=" + URLEncoder.encode(MigJson.write(signed),
                StandardCharsets.UTF_8) + "&pace=10");
        assertEquals(400, a.status(), a.body());
        assertTrue(a.body().contains("a pace cannot be asked for an action that awaits co-signatures"), a.body());
        assertEquals(0, api.send(get("/api/v1/cosign/pending", dave)).json().path("collection").path("items").size(),
                "nothing held");
    }

    @Test
    void secondInvestigatorsSignatureLaunchesTheSameActionUnderTheSameIdWithBothSignatures() throws Exception {
        long id = id(post(carol, action("needs two")));
        String canonical = only(api.send(get("/api/v1/cosign/action?actionid=" + id, dave))).path("canonical").asText();
        Answer signed = sign(dave, id, Armor.armor(PgpSigner.of(dave).sign(canonical)));
        assertEquals(200, signed.status(), signed.body());
        assertEquals("launched", only(signed).path("status").asText());

        Action created = api.backend.action(id).toCompletableFuture().join().orElseThrow();
        assertEquals(2, created.pgpSignatures().size());
        assertEquals(List.of("carol", "dave"), created.investigators().stream().map(Investigator::name).toList());
        assertEquals(canonical, SignedString.of(created), "every signed field is as reviewed");
        Answer left = api.send(get("/api/v1/cosign/pending", dave));
        assertFalse(left.body().contains("\"id\":" + id), "no longer pending: " + left.body());
    }

    @Test
    void aSignerCannotAddWeightBySigningTwice() throws Exception {
        long id = id(post(carol, action("needs two")));
        Answer again = sign(carol, id, PgpSigner.of(carol).sign(SignedString.of(action("needs two"))));
        assertEquals(400, again.status(), again.body());
        assertTrue(again.errorMessage().contains("already signed"), again.errorMessage());
        assertTrue(api.backend.action(id).toCompletableFuture().join().isEmpty());
    }

    @Test
    void aSignatureOverOtherContentIsRefused() throws Exception {
        long id = id(post(carol, action("needs two")));
        Answer other = sign(dave, id, PgpSigner.of(dave).sign(SignedString.of(action("something else"))));
        assertEquals(400, other.status(), other.body());
        assertTrue(api.backend.action(id).toCompletableFuture().join().isEmpty());
        assertEquals(1, only(api.send(get("/api/v1/cosign/action?actionid=" + id, dave))).path("signers").size());
    }

    @Test
    void aSignatureMadeWithAnotherInvestigatorsKeyIsRefused() throws Exception {
        long id = id(post(carol, action("needs two")));
        Answer stolen = sign(dave, id, PgpSigner.of(api.tester).sign(SignedString.of(action("needs two"))));
        assertEquals(403, stolen.status(), stolen.body());
    }

    @Test
    void aSignatureWithoutAclWeightIsAddedButTheActionKeepsWaiting() throws Exception {
        long id = id(post(carol, action("needs two")));
        Answer a = sign(api.tester, id, PgpSigner.of(api.tester).sign(SignedString.of(action("needs two"))));
        assertEquals(200, a.status(), a.body());
        assertEquals("awaiting signatures", only(a).path("status").asText());
        assertEquals(2, only(a).path("signers").size());
    }

    @Test
    void theWindowEndsInExpiryAndLateSignaturesAreRefused() throws Exception {
        long id = id(post(carol, action("needs two")));
        api.clock.set(START.plus(Duration.ofHours(2)));
        JsonNode p = only(api.send(get("/api/v1/cosign/action?actionid=" + id, dave)));
        assertEquals("expired", p.path("status").asText());
        Answer late = sign(dave, id, PgpSigner.of(dave).sign(SignedString.of(action("needs two"))));
        assertEquals(400, late.status(), late.body());
        assertTrue(late.errorMessage().contains("expired"), late.errorMessage());
        assertTrue(api.backend.action(id).toCompletableFuture().join().isEmpty());
    }

    @Test
    void onlyThePosterOrAnAdminCancels() {
        long id = id(post(carol, action("needs two")));
        api.backend.put(new Investigator(21, "dave", dave.fingerprint(), Base64.getEncoder().encodeToString(
                dave.armoredPublicKey().getBytes(StandardCharsets.UTF_8)), "active",
                OffsetDateTime.ofInstant(START, ZoneOffset.UTC), OffsetDateTime.ofInstant(START, ZoneOffset.UTC),
                new Permissions(true, true, true, true, true, true, true, true, false, false, false, false, false,
                        false, false, false, false, false, false)));
        Answer notMine = form("/api/v1/cosign/cancel", dave, "actionid=" + id);
        assertEquals(403, notMine.status(), notMine.body());
        Answer mine = form("/api/v1/cosign/cancel", carol, "actionid=" + id);
        assertEquals(200, mine.status(), mine.body());
        assertEquals("cancelled", only(mine).path("status").asText());
    }

    @Test
    void enoughWeightFromThePosterAloneIsCreatedAsBefore() throws Exception {
        Action both = PgpSigner.of(dave).signAction(PgpSigner.of(carol).signAction(unsigned("two at once")));
        Answer a = api.send(api.request("/api/v1/action/create/").header("X-PGPAUTHORIZATION", token(carol))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString("action=" + URLEncoder.encode(
                                MigJson.write(both), StandardCharsets.UTF_8))).build());
        assertEquals(202, a.status(), a.body());
        assertTrue(api.backend.action(id(a)).toCompletableFuture().join().isPresent());
    }

    @Test
    void twoCoSignersAtOnceCreateTheActionOnceWithTheSignaturesThatReachedTheWeight() throws Exception {
        for (int round = 0; round < 5; round++) {
            long id = id(post(carol, action("race " + round)));
            String canonical = SignedString.of(action("race " + round));
            String daveSig = PgpSigner.of(dave).sign(canonical);
            String erinSig = PgpSigner.of(erin).sign(canonical);
            var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var gate = new java.util.concurrent.CountDownLatch(1);
                var a = pool.submit(() -> { gate.await(); return sign(dave, id, daveSig); });
                var b = pool.submit(() -> { gate.await(); return sign(erin, id, erinSig); });
                gate.countDown();
                List<Answer> answers = List.of(a.get(), b.get());
                assertEquals(1, answers.stream().filter(x -> x.status() == 200).count(), answers.toString());
                assertTrue(answers.stream().anyMatch(x -> x.status() == 400
                        && x.errorMessage().contains("no longer awaits signatures: it is launched")), answers.toString());
            } finally {
                pool.shutdownNow();
            }
            Action created = api.backend.action(id).toCompletableFuture().join().orElseThrow();
            assertEquals(2, created.pgpSignatures().size());
            assertEquals(created.pgpSignatures(), api.pending.get(id).orElseThrow().action().pgpSignatures());
        }
    }

    @Test
    void aCreationThatFailedIsRetriedThroughLaunchUnderTheSameId() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
        ApiHarness main = api;
        try (ApiHarness flaky = new ApiHarness(START, acl, inner -> (io.gator.api.backend.ApiBackend)
                java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[]{io.gator.api.backend.ApiBackend.class}, (proxy, method, args) -> {
                            if (method.getName().equals("createActionWithId") && down.get()) {
                                return java.util.concurrent.CompletableFuture.failedFuture(
                                        new io.gator.api.backend.BackendUnavailableException("scheduler down"));
                            }
                            try {
                                return method.invoke(inner, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        }), true)) {
            api = flaky;
            reset();
            long id = id(post(carol, action("flaky")));
            Answer failed = sign(dave, id, PgpSigner.of(dave).sign(SignedString.of(action("flaky"))));
            assertEquals(503, failed.status(), failed.body());
            assertTrue(flaky.backend.action(id).toCompletableFuture().join().isEmpty());
            down.set(false);
            Answer retried = form("/api/v1/cosign/launch", carol, "actionid=" + id);
            assertEquals(200, retried.status(), retried.body());
            assertEquals(2, flaky.backend.action(id).toCompletableFuture().join().orElseThrow().pgpSignatures().size());
        } finally {
            api = main;
        }
    }

    Action unsigned(String name) {
        OffsetDateTime from = OffsetDateTime.ofInstant(START, ZoneOffset.UTC);
        return Action.of(0, name, "status='online'", from, from.plusHours(6),
                List.of(new Operation("file", MigJson.tree("{\"searches\":{\"s1\":{\"paths\":[\"/etc\"],"
                        + "\"names\":[\"^passwd$\"]}}}"))));
    }

    Action action(String name) {
        return unsigned(name);
    }

    Answer post(KeyGen.GeneratedKey key, Action a) {
        try {
            Action signed = PgpSigner.of(key).signAction(a);
            return form("/api/v1/action/create/", key, "action=" + URLEncoder.encode(MigJson.write(signed),
                    StandardCharsets.UTF_8));
        } catch (io.gator.core.sign.SignatureException e) {
            throw new IllegalStateException(e);
        }
    }

    Answer sign(KeyGen.GeneratedKey key, long id, String signature) {
        return form("/api/v1/cosign/sign", key, "actionid=" + id + "&signature="
                + URLEncoder.encode(signature, StandardCharsets.UTF_8));
    }

    Answer form(String path, KeyGen.GeneratedKey key, String body) {
        return api.send(api.request(path).header("X-PGPAUTHORIZATION", token(key))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build());
    }

    java.net.http.HttpRequest get(String path, KeyGen.GeneratedKey key) {
        return api.request(path).header("X-PGPAUTHORIZATION", token(key)).GET().build();
    }

    String token(KeyGen.GeneratedKey key) {
        try {
            return AuthToken.build(PgpSigner.of(key), api.clock.instant(), Long.toString(NONCES.incrementAndGet()));
        } catch (io.gator.core.sign.SignatureException e) {
            throw new IllegalStateException(e);
        }
    }

    static long id(Answer a) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("action ID (\\d+)").matcher(a.body());
        assertTrue(m.find(), a.body());
        return Long.parseLong(m.group(1));
    }

    static JsonNode only(Answer a) {
        JsonNode items = a.json().path("collection").path("items");
        assertFalse(items.size() > 1, a.body());
        return items.path(0).path("data").path(0).path("value");
    }
}
