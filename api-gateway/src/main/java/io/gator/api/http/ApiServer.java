package io.gator.api.http;

import io.gator.api.action.ActionChecks;
import io.gator.api.auth.Authenticator;
import io.gator.api.backend.ApiBackend;
import io.gator.api.cosign.CosignService;
import io.gator.api.cosign.CosignSettings;
import io.gator.api.cosign.PendingStore;
import org.apache.pekko.actor.typed.DispatcherSelector;
import io.gator.api.web.WebConsole;
import io.gator.api.web.WebSettings;
import org.apache.pekko.actor.typed.ActorSystem;
import com.typesafe.config.Config;
import io.gator.core.tls.PemTls;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBuilder;
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
        this.routes = new ApiRoutes(settings, backend, authenticator, checks, clock, new WebConsole(
                WebSettings.fromConfig(system.settings().config()), backend, authenticator, settings.baseRoute(), clock));
    }

    /** With co-signing: pending actions kept in {@code store}, their JDBC calls on the blocking dispatcher. */
    public ApiServer(ActorSystem<?> system, ApiSettings settings, ApiBackend backend, Authenticator authenticator,
                     ActionChecks checks, Clock clock, CosignSettings cosign, PendingStore store) {
        this(system, settings, backend, authenticator, checks, clock, cosign, store, java.util.Optional.empty());
    }

    /**
     * With MIG's loaders and manifests kept in {@code loaders} ({@code gator.api.manifest} and
     * {@code gator.api.loader} settings), their JDBC calls on the blocking dispatcher.
     */
    public ApiServer(ActorSystem<?> system, ApiSettings settings, ApiBackend backend, Authenticator authenticator,
                     ActionChecks checks, Clock clock, CosignSettings cosign, PendingStore store,
                     java.util.Optional<io.gator.api.loader.LoaderStore> loaders) {
        this.system = system;
        this.settings = settings;
        java.util.concurrent.Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
        this.routes = new ApiRoutes(settings, backend, authenticator, checks, clock, new CosignService(cosign, store,
                backend, checks, clock, blocking), new WebConsole(
                WebSettings.fromConfig(system.settings().config()), backend, authenticator, settings.baseRoute(), clock),
                loaders.map(l -> new io.gator.api.loader.LoaderService(
                        io.gator.api.loader.LoaderSettings.fromConfig(system.settings().config()), l, clock, blocking)));
    }

    /** Starts listening (HTTPS when {@code gator.api.tls} names a certificate); completes once the port is open. */
    public CompletionStage<ServerBinding> start() {
        ServerBuilder server = Http.get(system).newServerAt(settings.host(), settings.port());
        Config tls = system.settings().config().getConfig("gator.api.tls");
        String cert = tls.getString("cert-file");
        String key = tls.getString("key-file");
        if (cert.isBlank() != key.isBlank()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "gator.api.tls: set both cert-file and key-file for HTTPS, or neither for plain HTTP"));
        }
        if (!cert.isBlank()) {
            try {
                server = server.enableHttps(ConnectionContext.httpsServer(
                        PemTls.server(Path.of(cert), Path.of(key), "gator.api.tls")));
            } catch (IllegalArgumentException e) {
                return CompletableFuture.failedFuture(e.getMessage().startsWith("gator.api.tls")
                        ? e : new IllegalArgumentException("gator.api.tls: " + e.getMessage(), e));
            }
        }
        return server.bind(routes.route())
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
