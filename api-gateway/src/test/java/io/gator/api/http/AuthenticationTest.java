package io.gator.api.http;

import io.gator.api.auth.AuthException;
import io.gator.api.auth.Authenticator;
import io.gator.api.auth.Permission;
import io.gator.core.investigator.Investigator;
import io.gator.core.investigator.Permissions;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class AuthenticationTest {
    static final RouteRunner runner = new RouteRunner();
    static final OffsetDateTime T = OffsetDateTime.of(2026, 11, 23, 7, 0, 0, 0, ZoneOffset.UTC);
    static final Investigator ALICE = new Investigator(2, "alice", "AA", "", "active", T, T, Permissions.ALL);
    static final Investigator READER = new Investigator(3, "reader", "BB", "", "active", T, T, Permissions.INVESTIGATOR);

    /** Knows alice by her token, reader by an API key; refuses anything else as the real one does. */
    static final Authenticator AUTHENTICATOR = (token, key) -> {
        if (token.equals(Optional.of("alice-token"))) {
            return CompletableFuture.completedFuture(ALICE);
        }
        if (key.equals(Optional.of("reader-key"))) {
            return CompletableFuture.completedFuture(READER);
        }
        if (token.equals(Optional.of("mallory-token"))) {
            return CompletableFuture.failedFuture(Authenticator.failed("investigator mallory is disabled"));
        }
        return CompletableFuture.failedFuture(new AuthException(Authenticator.NO_HEADER));
    };

    final Authentication authentication = new Authentication(AUTHENTICATOR, runner.answers, runner.links);

    @AfterAll
    static void stop() {
        runner.close();
    }

    Route whoAmI(Permission permission) {
        return authentication.authenticated(permission, inv -> runner.complete("hello " + inv.name()));
    }

    @Test
    void theInnerRouteGetsTheAuthenticatedInvestigator() {
        var r = runner.run(whoAmI(Permission.DASHBOARD),
                HttpRequest.GET("/").addHeader(RawHeader.create("X-PGPAUTHORIZATION", "alice-token")));
        assertEquals(200, r.status());
        assertEquals("hello alice", r.body());
    }

    @Test
    void anApiKeyAuthenticatesToo() {
        var r = runner.run(whoAmI(Permission.SEARCH),
                HttpRequest.GET("/").addHeader(RawHeader.create("X-MIGAPIKEY", "reader-key")));
        assertEquals("hello reader", r.body());
    }

    @Test
    void withoutAHeaderIs401InMigsEnvelopeAndTheInnerRouteNeverRuns() {
        var r = runner.run(whoAmI(Permission.DASHBOARD), HttpRequest.GET("/"));
        assertEquals(401, r.status());
        assertEquals(Authenticator.NO_HEADER, r.errorMessage());
    }

    @Test
    void aDisabledInvestigatorIs401WithTheAuthenticatorsReason() {
        var r = runner.run(whoAmI(Permission.DASHBOARD),
                HttpRequest.GET("/").addHeader(RawHeader.create("X-PGPAUTHORIZATION", "mallory-token")));
        assertEquals(401, r.status());
        assertEquals("Authorization verification failed with error 'investigator mallory is disabled'",
                r.errorMessage());
    }

    @Test
    void aMissingPermissionIs401AsInMig() {
        assertFalse(Permission.INVESTIGATOR_CREATE.grantedBy(READER.permissions()), "precondition");
        var r = runner.run(whoAmI(Permission.INVESTIGATOR_CREATE),
                HttpRequest.GET("/").addHeader(RawHeader.create("X-MIGAPIKEY", "reader-key")));
        assertEquals(401, r.status());
        assertEquals("Insufficient permissions to access endpoint", r.errorMessage());
    }

    @Test
    void theCallerAttributeNamesWhoAuthenticatedEvenWhenThePermissionIsMissing() {
        Authentication.Caller caller = new Authentication.Caller();
        Route route = runner.mapRequest(req -> req.addAttribute(Authentication.CALLER, caller),
                () -> whoAmI(Permission.INVESTIGATOR_CREATE));
        runner.run(route, HttpRequest.GET("/").addHeader(RawHeader.create("X-MIGAPIKEY", "reader-key")));
        assertEquals("reader", caller.name());
        Authentication.Caller nobody = new Authentication.Caller();
        runner.run(runner.mapRequest(req -> req.addAttribute(Authentication.CALLER, nobody),
                () -> whoAmI(Permission.DASHBOARD)), HttpRequest.GET("/"));
        assertEquals("-", nobody.name());
    }
}
