package io.gator.api.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.api.auth.AuthException;
import io.gator.api.auth.Authenticator;
import io.gator.core.investigator.Investigator;
import io.gator.core.json.MigJson;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code /session} under the API's base route. POST signs in with {@code X-MIGAPIKEY} or
 * {@code X-PGPAUTHORIZATION} (the same checks as every API call) and sets the session cookie; GET tells the
 * console who is signed in and its CSRF token; DELETE signs out (CSRF token required, as for every
 * state-changing call made with the cookie). Failures come in MIG's envelope (401, 403, 503).
 */
final class SessionRoutes extends AllDirectives {
    private static final HttpHeader NO_STORE = RawHeader.create("Cache-Control", "no-store");
    private final WebSettings settings;
    private final SessionStore sessions;
    private final SessionAuthenticator cookies;
    private final Authenticator authenticator;

    SessionRoutes(WebSettings settings, SessionStore sessions, SessionAuthenticator cookies,
                  Authenticator authenticator) {
        this.settings = settings;
        this.sessions = sessions;
        this.cookies = cookies;
        this.authenticator = authenticator;
    }

    Route route() {
        return path("session", () -> extractRequest(req -> concat(
                post(() -> completeWithFuture(signIn(req))),
                get(() -> completeWithFuture(current(req))),
                delete(() -> completeWithFuture(signOut(req))))));
    }

    private CompletionStage<HttpResponse> signIn(HttpRequest req) {
        Optional<String> token = req.getHeader("X-PGPAUTHORIZATION").map(HttpHeader::value);
        Optional<String> key = req.getHeader("X-MIGAPIKEY").map(HttpHeader::value);
        CompletionStage<Investigator> who;
        try {
            who = authenticator.authenticate(token, key);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return who.thenApply(inv -> {
            Session s = sessions.open(inv).orElseThrow(() -> new TooManySessionsException(
                    "too many console sessions on this API node; try again later"));
            Duration maxAge = settings.absoluteTimeout();
            return answer(StatusCodes.CREATED, s, inv).addHeader(SessionCookie.set(s.id(), maxAge,
                    settings.secureCookie()));
        });
    }

    private CompletionStage<HttpResponse> current(HttpRequest req) {
        Optional<Session> s = SessionCookie.of(req).flatMap(sessions::use);
        if (s.isEmpty()) {
            return CompletableFuture.failedFuture(new AuthException(SessionAuthenticator.EXPIRED));
        }
        return cookies.investigator(s.get()).thenApply(inv -> answer(StatusCodes.OK, s.get(), inv));
    }

    private CompletionStage<HttpResponse> signOut(HttpRequest req) {
        Optional<CompletionStage<Investigator>> checked = cookies.authenticate(req);
        if (checked.isEmpty()) {
            return CompletableFuture.failedFuture(new AuthException(SessionAuthenticator.EXPIRED));
        }
        return checked.get().thenApply(inv -> {
            SessionCookie.of(req).ifPresent(sessions::close);
            return HttpResponse.create().withStatus(StatusCodes.NO_CONTENT)
                    .addHeader(SessionCookie.clear(settings.secureCookie()))
                    .addHeader(NO_STORE).addHeaders(SecurityHeaders.ALL);
        });
    }

    private HttpResponse answer(StatusCode status, Session s, Investigator inv) {
        ObjectNode body = MigJson.mapper().createObjectNode();
        ObjectNode who = body.putObject("investigator");
        who.put("id", inv.id());
        who.put("name", inv.name());
        who.set("permissions", MigJson.mapper().valueToTree(inv.permissions()));
        body.put("csrf", s.csrf());
        body.put("csrfheader", SessionAuthenticator.CSRF_HEADER);
        body.put("idletimeout", settings.idleTimeout().toSeconds());
        body.put("expires", sessions.absoluteExpiry(s).toString());
        return HttpResponse.create().withStatus(status)
                .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, MigJson.writeBytes(body)))
                .addHeader(NO_STORE).addHeaders(SecurityHeaders.ALL);
    }
}
