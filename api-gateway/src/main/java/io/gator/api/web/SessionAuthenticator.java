package io.gator.api.web;

import io.gator.api.auth.AuthException;
import io.gator.api.backend.ApiBackend;
import io.gator.api.backend.ForbiddenException;
import io.gator.core.investigator.Investigator;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The third way to call the API, after {@code X-PGPAUTHORIZATION} and {@code X-MIGAPIKEY}: the console's session
 * cookie. The investigator is looked up again on each request and must still be active; a state-changing request
 * must carry the session's CSRF token in {@value #CSRF_HEADER}, or it is refused with 403.
 */
public final class SessionAuthenticator {
    public static final String CSRF_HEADER = "X-Gator-CSRF";
    static final String EXPIRED = "Session expired or unknown: sign in again";
    static final String CSRF_MISSING = "Missing or wrong " + CSRF_HEADER + " header: state-changing calls from a "
            + "browser session need the session's CSRF token";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    /** Requests without a session cookie. */
    public static final SessionAuthenticator NONE = new SessionAuthenticator(null, null);

    private final SessionStore sessions;
    private final ApiBackend backend;

    public SessionAuthenticator(SessionStore sessions, ApiBackend backend) {
        this.sessions = sessions;
        this.backend = backend;
    }

    /** Empty when the request has no session cookie (then header authentication applies as before). */
    public Optional<CompletionStage<Investigator>> authenticate(HttpRequest req) {
        if (sessions == null) {
            return Optional.empty();
        }
        return SessionCookie.of(req).map(id -> {
            Optional<Session> found = sessions.use(id);
            if (found.isEmpty()) {
                return CompletableFuture.failedFuture(new AuthException(EXPIRED));
            }
            Session s = found.get();
            if (!SAFE_METHODS.contains(req.method().value()) && !req.getHeader(CSRF_HEADER).map(HttpHeader::value)
                    .filter(t -> SessionStore.csrfMatches(s, t)).isPresent()) {
                return CompletableFuture.failedFuture(new ForbiddenException(CSRF_MISSING));
            }
            return investigator(s);
        });
    }

    /** The session's investigator if still active. */
    CompletionStage<Investigator> investigator(Session s) {
        return backend.investigator(s.investigatorId()).thenCompose(found -> {
            if (found.isEmpty() || !"active".equals(found.get().status())) {
                sessions.close(s.id());
                return CompletableFuture.failedFuture(new AuthException(
                        "investigator " + s.investigatorName() + " is no longer active"));
            }
            return CompletableFuture.completedFuture(found.get());
        });
    }
}
