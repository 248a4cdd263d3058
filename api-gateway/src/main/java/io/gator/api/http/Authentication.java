package io.gator.api.http;

import io.gator.api.auth.AuthException;
import io.gator.api.auth.Authenticator;
import io.gator.api.auth.Permission;
import io.gator.api.web.SessionAuthenticator;
import io.gator.core.investigator.Investigator;
import org.apache.pekko.http.javadsl.model.AttributeKey;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The directive in front of every investigator route: finds the caller from {@code X-PGPAUTHORIZATION} or
 * {@code X-MIGAPIKEY} and checks the route's permission before anything else of the request is looked at;
 * a failure is MIG's 401 in the envelope.
 */
final class Authentication extends AllDirectives {
    /** Who the access log names; attached to each request as it arrives, filled in here once authenticated. */
    static final AttributeKey<Caller> CALLER = AttributeKey.create("gator-investigator", Caller.class);
    private static final String TOKEN_HEADER = "X-PGPAUTHORIZATION";
    private static final String API_KEY_HEADER = "X-MIGAPIKEY";
    static final String INSUFFICIENT = "Insufficient permissions to access endpoint";

    /** The name of the request's investigator, "-" until authenticated (read after the answer, from outside). */
    static final class Caller {
        private volatile String name = "-";

        String name() {
            return name;
        }

        void authenticated(Investigator investigator) {
            name = investigator.name();
        }

        /** A loader's request: the access log names the loader entry. */
        void loader(String loaderName) {
            name = "loader:" + loaderName;
        }
    }

    private final Authenticator authenticator;
    private final SessionAuthenticator sessions;
    private final Answers answers;
    private final Links links;

    Authentication(Authenticator authenticator, Answers answers, Links links) {
        this(authenticator, SessionAuthenticator.NONE, answers, links);
    }

    /** Also accepting the web console's session cookie when the request has neither header. */
    Authentication(Authenticator authenticator, SessionAuthenticator sessions, Answers answers, Links links) {
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.answers = answers;
        this.links = links;
    }

    /** {@code inner} with the active investigator who holds {@code permission}, or 401. */
    Route authenticated(Permission permission, Function<Investigator, Route> inner) {
        return extractRequest(req -> onComplete(answers.withTimeout(authenticate(req, permission)), found ->
                found.isSuccess() ? inner.apply(found.get())
                        : complete(answers.failure(links.of(req), found.failed().get()))));
    }

    private CompletionStage<Investigator> authenticate(HttpRequest req, Permission permission) {
        Optional<String> token = req.getHeader(TOKEN_HEADER).map(HttpHeader::value);
        Optional<String> key = req.getHeader(API_KEY_HEADER).map(HttpHeader::value);
        CompletionStage<Investigator> found;
        try {
            Optional<CompletionStage<Investigator>> bySession = token.isEmpty() && key.isEmpty()
                    ? sessions.authenticate(req) : Optional.empty();
            found = bySession.isPresent() ? bySession.get() : authenticator.authenticate(token, key);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return found.thenCompose(inv -> {
            req.getAttribute(CALLER).ifPresent(c -> c.authenticated(inv));
            return permission.grantedBy(inv.permissions()) ? CompletableFuture.completedFuture(inv)
                    : CompletableFuture.failedFuture(new AuthException(INSUFFICIENT));
        });
    }
}
