package io.gator.api.http;

import io.gator.api.action.ActionChecks;
import io.gator.api.auth.Authenticator;
import io.gator.api.backend.ApiBackend;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** Binds {@link ApiRoutes} on {@code gator.api.host}:{@code gator.api.port}. */
public final class ApiServer {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final ActorSystem<?> system;
    private final ApiSettings settings;
    private final ApiRoutes routes;

    public ApiServer(ActorSystem<?> system, ApiSettings settings, ApiBackend backend, Authenticator authenticator,
                     ActionChecks checks, Clock clock) {
        this.system = system;
        this.settings = settings;
        this.routes = new ApiRoutes(settings, backend, authenticator, checks, clock);
    }

    /** Starts listening; the binding completes once the port is open. */
    public CompletionStage<ServerBinding> start() {
        return Http.get(system).newServerAt(settings.host(), settings.port())
                .bind(routes.route())
                .whenComplete((b, e) -> {
                    if (e != null) {
                        LOG.error("API could not bind {}:{}", settings.host(), settings.port(), e);
                    } else {
                        LOG.info("API listening on {} (public URL {})", b.localAddress(), settings.baseUrl());
                    }
                });
    }

    /** Stops accepting, lets requests in flight finish within the deadline. */
    public static CompletionStage<?> stop(ServerBinding binding, Duration deadline) {
        return binding.terminate(deadline);
    }
}
