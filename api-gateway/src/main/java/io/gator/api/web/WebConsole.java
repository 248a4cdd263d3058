package io.gator.api.web;

import io.gator.api.auth.Authenticator;
import io.gator.api.backend.ApiBackend;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

import java.time.Clock;

/**
 * The console's part of the API's routes: {@link #apiRoute()} under the base route (sessions), {@link #pages()}
 * beside it (the files), and {@link #sessions()} for the API's authentication. Disabled by
 * {@code gator.api.web.enabled = false}: no files, no session routes, cookies ignored.
 */
public final class WebConsole extends AllDirectives {
    private final WebSettings settings;
    private final SessionAuthenticator cookies;
    private final SessionRoutes sessionRoutes;
    private final ConsoleFiles files;

    public WebConsole(WebSettings settings, ApiBackend backend, Authenticator authenticator, String baseRoute,
                      Clock clock) {
        this.settings = settings;
        SessionStore store = new SessionStore(settings, clock);
        this.cookies = settings.enabled() ? new SessionAuthenticator(store, backend) : SessionAuthenticator.NONE;
        this.sessionRoutes = new SessionRoutes(settings, store, cookies, authenticator);
        this.files = new ConsoleFiles(baseRoute);
    }

    /** Routes under the API's base route. */
    public Route apiRoute() {
        return settings.enabled() ? sessionRoutes.route() : reject();
    }

    /** The console's files at every path outside the base route. */
    public Route pages() {
        return settings.enabled() ? files.route() : reject();
    }

    /** Cookie authentication for the API's routes. */
    public SessionAuthenticator sessions() {
        return cookies;
    }
}
