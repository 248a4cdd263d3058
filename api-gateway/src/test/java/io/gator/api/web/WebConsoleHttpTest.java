package io.gator.api.web;

import io.gator.api.auth.ApiKeys;
import io.gator.api.backend.InvestigatorUpdate;
import io.gator.api.testing.ApiHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console over real HTTP: its files and headers, sign-in and sign-out, the session cookie, CSRF, expiry. */
class WebConsoleHttpTest {
    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    private static final Pattern ASSET = Pattern.compile("/assets/main-[A-Za-z0-9]+\\.js");
    private static ApiHarness api;
    private static String aliceKey;

    @BeforeAll
    static void start() {
        api = new ApiHarness(START, "");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @BeforeEach
    void reset() {
        api.reset(START);
        ApiKeys.Generated g = ApiKeys.generate();
        api.backend.updateInvestigator(new InvestigatorUpdate(2, Optional.empty(), Optional.empty(),
                Optional.of(new InvestigatorUpdate.ApiKeyChange.Set(g.hash(), g.salt())))).toCompletableFuture().join();
        aliceKey = g.key();
    }

    @Test
    void rootServesIndexHtmlUncachedWithTheSecurityHeaders() {
        ApiHarness.Answer a = api.send(api.request("/").GET().build());
        assertEquals(200, a.status());
        assertTrue(a.header("Content-Type").orElse("").startsWith("text/html"), a.headers().toString());
        assertEquals("no-cache", a.header("Cache-Control").orElse(""));
        assertSecurityHeaders(a);
        assertFalse(a.body().contains("<script>"), "no inline script: " + a.body());
        assertTrue(ASSET.matcher(a.body()).find(), a.body());
    }

    @Test
    void pagePathsGetIndexHtmlForClientRouting() {
        String index = api.send(api.request("/").GET().build()).body();
        for (String page : new String[] {"/dashboard", "/agents", "/actions/42"}) {
            ApiHarness.Answer a = api.send(api.request(page).GET().build());
            assertEquals(200, a.status(), page);
            assertEquals(index, a.body(), page);
        }
    }

    @Test
    void hashedAssetsAreCacheableJavaScript() {
        Matcher m = ASSET.matcher(api.send(api.request("/").GET().build()).body());
        assertTrue(m.find());
        ApiHarness.Answer a = api.send(api.request(m.group()).GET().build());
        assertEquals(200, a.status());
        assertTrue(a.header("Content-Type").orElse("").startsWith("application/javascript"), a.headers().toString());
        assertTrue(a.header("Cache-Control").orElse("").contains("immutable"));
        assertSecurityHeaders(a);
    }

    @Test
    void unknownFilesAndTraversalAre404() {
        assertEquals(404, api.send(api.request("/assets/nope-123.js").GET().build()).status());
        assertEquals(404, api.send(api.request("/assets/..%2F..%2Fetc%2Fpasswd.js").GET().build()).status());
        assertEquals(404, api.send(api.request("/.hidden.js").GET().build()).status());
    }

    @Test
    void theConsoleNeverShadowsTheApi() {
        ApiHarness.Answer a = api.send(api.request("/api/v1/no-such-endpoint").GET().build());
        assertEquals(404, a.status());
        assertTrue(a.errorMessage().contains("no such endpoint"), a.body());
        assertEquals(401, api.send(api.request("/api/v1/dashboard").GET().build()).status());
    }

    @Test
    void signInWithAnApiKeySetsAStrictHttpOnlyCookieAndGivesTheCsrfToken() {
        ApiHarness.Answer a = signIn(aliceKey);
        assertEquals(201, a.status(), a.body());
        String cookie = a.header("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith(SessionCookie.NAME + "="), cookie);
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"),
                cookie);
        assertFalse(cookie.contains("Secure"), "plain HTTP: " + cookie);
        assertEquals(43, cookieValue(a).length(), "256 bits in base64url");
        assertEquals("alice", a.json().path("investigator").path("name").asText());
        assertEquals(43, a.json().path("csrf").asText().length());
        assertEquals("no-store", a.header("Cache-Control").orElse(""));
        assertSecurityHeaders(a);
    }

    @Test
    void theSessionCookieAuthenticatesApiReads() {
        ApiHarness.Answer in = signIn(aliceKey);
        String id = cookieValue(in);
        ApiHarness.Answer session = withCookie("/api/v1/session", id);
        assertEquals(200, session.status(), session.body());
        assertEquals(in.json().path("csrf").asText(), session.json().path("csrf").asText());
        assertEquals(200, withCookie("/api/v1/dashboard", id).status());
    }

    @Test
    void aWrongKeyOrNoCredentialOpensNoSession() {
        ApiHarness.Answer wrong = signIn("x".repeat(ApiKeys.KEY_LENGTH));
        assertEquals(401, wrong.status());
        assertTrue(wrong.header("Set-Cookie").isEmpty());
        assertEquals(401, api.send(api.request("/api/v1/session").POST(HttpRequest.BodyPublishers.noBody()).build())
                .status());
        assertEquals(401, withCookie("/api/v1/dashboard", "A".repeat(43)).status());
    }

    @Test
    void aTokenSignsInToo() {
        ApiHarness.Answer a = api.send(api.request("/api/v1/session").header("X-PGPAUTHORIZATION", api.alice())
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(201, a.status(), a.body());
        assertEquals("alice", a.json().path("investigator").path("name").asText());
    }

    @Test
    void stateChangingCallsWithTheCookieNeedTheCsrfToken() {
        ApiHarness.Answer in = signIn(aliceKey);
        String id = cookieValue(in);
        String csrf = in.json().path("csrf").asText();
        ApiHarness.Answer none = cancel(id, Optional.empty());
        assertEquals(403, none.status(), none.body());
        assertTrue(none.errorMessage().contains(SessionAuthenticator.CSRF_HEADER), none.body());
        assertEquals(403, cancel(id, Optional.of(csrf.substring(1) + "A")).status());
        ApiHarness.Answer ok = cancel(id, Optional.of(csrf));
        assertNotEquals(403, ok.status(), ok.body());
        assertNotEquals(401, ok.status(), ok.body());
    }

    @Test
    void headerAuthenticatedCallsNeedNoCsrfToken() {
        ApiHarness.Answer a = api.postForm("/api/v1/action/cancel/", api.alice(), "actionid=999");
        assertNotEquals(403, a.status(), a.body());
        assertNotEquals(401, a.status(), a.body());
    }

    @Test
    void signOutNeedsTheCsrfTokenThenEndsTheSession() {
        ApiHarness.Answer in = signIn(aliceKey);
        String id = cookieValue(in);
        String csrf = in.json().path("csrf").asText();
        assertEquals(403, api.send(api.request("/api/v1/session").header("Cookie", SessionCookie.NAME + "=" + id)
                .DELETE().build()).status());
        ApiHarness.Answer out = api.send(api.request("/api/v1/session").header("Cookie", SessionCookie.NAME + "=" + id)
                .header(SessionAuthenticator.CSRF_HEADER, csrf).DELETE().build());
        assertEquals(204, out.status(), out.body());
        assertTrue(out.header("Set-Cookie").orElse("").contains("Max-Age=0"));
        assertEquals(401, withCookie("/api/v1/session", id).status());
        assertEquals(401, withCookie("/api/v1/dashboard", id).status());
    }

    @Test
    void anIdleSessionExpires() {
        String id = cookieValue(signIn(aliceKey));
        api.clock.advance(Duration.ofMinutes(29));
        assertEquals(200, withCookie("/api/v1/session", id).status(), "use restarts the idle time");
        api.clock.advance(Duration.ofMinutes(29));
        assertEquals(200, withCookie("/api/v1/session", id).status());
        api.clock.advance(Duration.ofMinutes(30));
        assertEquals(401, withCookie("/api/v1/session", id).status());
    }

    @Test
    void aBusySessionEndsAtItsAbsoluteExpiry() {
        String id = cookieValue(signIn(aliceKey));
        for (int i = 0; i < 35; i++) {
            api.clock.advance(Duration.ofMinutes(20));
            assertEquals(200, withCookie("/api/v1/dashboard", id).status(), "after " + (i + 1) * 20 + " minutes");
        }
        api.clock.advance(Duration.ofMinutes(20));
        assertEquals(401, withCookie("/api/v1/dashboard", id).status(), "12 hours after sign-in");
    }

    @Test
    void disablingTheInvestigatorEndsTheirSession() {
        ApiKeys.Generated g = ApiKeys.generate();
        api.backend.updateInvestigator(new InvestigatorUpdate(3, Optional.empty(), Optional.empty(),
                Optional.of(new InvestigatorUpdate.ApiKeyChange.Set(g.hash(), g.salt())))).toCompletableFuture().join();
        String id = cookieValue(signIn(g.key()));
        assertEquals(200, withCookie("/api/v1/session", id).status());
        api.backend.updateInvestigator(new InvestigatorUpdate(3, Optional.of("disabled"), Optional.empty(),
                Optional.empty())).toCompletableFuture().join();
        assertEquals(401, withCookie("/api/v1/session", id).status());
        assertEquals(401, withCookie("/api/v1/dashboard", id).status());
    }

    private static void assertSecurityHeaders(ApiHarness.Answer a) {
        assertEquals(SecurityHeaders.CONTENT_SECURITY_POLICY, a.header("Content-Security-Policy").orElse(""));
        assertTrue(a.header("Content-Security-Policy").orElseThrow().contains("script-src 'self';"));
        assertEquals("nosniff", a.header("X-Content-Type-Options").orElse(""));
        assertEquals("DENY", a.header("X-Frame-Options").orElse(""));
        assertEquals("no-referrer", a.header("Referrer-Policy").orElse(""));
    }

    private static ApiHarness.Answer signIn(String key) {
        return api.send(api.request("/api/v1/session").header("X-MIGAPIKEY", key)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private static ApiHarness.Answer withCookie(String path, String id) {
        return api.send(api.request(path).header("Cookie", "other=1; " + SessionCookie.NAME + "=" + id).GET().build());
    }

    private static ApiHarness.Answer cancel(String id, Optional<String> csrf) {
        HttpRequest.Builder b = api.request("/api/v1/action/cancel/").header("Cookie", SessionCookie.NAME + "=" + id)
                .header("Content-Type", "application/x-www-form-urlencoded");
        csrf.ifPresent(t -> b.header(SessionAuthenticator.CSRF_HEADER, t));
        return api.send(b.POST(HttpRequest.BodyPublishers.ofString("actionid=999")).build());
    }

    private static String cookieValue(ApiHarness.Answer a) {
        String c = a.header("Set-Cookie").orElseThrow(() -> new AssertionError("no cookie: " + a.body()));
        return c.substring(c.indexOf('=') + 1, c.indexOf(';'));
    }

}
