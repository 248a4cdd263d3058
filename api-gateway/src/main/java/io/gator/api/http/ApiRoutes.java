package io.gator.api.http;

import io.gator.api.action.ActionChecks;
import io.gator.api.auth.Authenticator;
import io.gator.api.backend.ApiBackend;
import io.gator.api.cosign.CosignService;
import io.gator.api.web.WebConsole;
import io.gator.api.web.WebSettings;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Rejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * MIG's API v1 under the configured base route, with Gator's additions (action cancel, action
 * journal, OpenAPI document): one route class per resource behind the access log, the body limit and
 * MIG's envelope for every failure. Every investigator route authenticates and checks its permission
 * before touching the backend ({@link Calls}).
 */
public final class ApiRoutes extends AllDirectives {
    private static final Logger ACCESS = LoggerFactory.getLogger("gator.api.access");
    private static final Pattern DOUBLED_SLASHES = Pattern.compile("/{2,}");

    private final ApiSettings settings;
    private final Answers answers;
    private final Links links;
    private final Route endpoints;
    private final WebConsole web;

    public ApiRoutes(ApiSettings settings, ApiBackend backend, Authenticator authenticator, ActionChecks checks,
                     Clock clock) {
        this(settings, backend, authenticator, checks, clock, CosignService.off(backend, checks, clock));
    }

    /** With co-signing ({@code gator.api.cosign}): actions short of the agents' signature weight wait for co-signers. */
    public ApiRoutes(ApiSettings settings, ApiBackend backend, Authenticator authenticator, ActionChecks checks,
                     Clock clock, CosignService cosign) {
        this(settings, backend, authenticator, checks, clock, cosign,
                new WebConsole(WebSettings.defaults(), backend, authenticator, settings.baseRoute(), clock));
    }

    /** With the web console: its session routes, its files outside the base route, its cookie as a credential. */
    public ApiRoutes(ApiSettings settings, ApiBackend backend, Authenticator authenticator, ActionChecks checks,
                     Clock clock, WebConsole web) {
        this(settings, backend, authenticator, checks, clock, CosignService.off(backend, checks, clock), web);
    }

    /** With co-signing and the web console. */
    public ApiRoutes(ApiSettings settings, ApiBackend backend, Authenticator authenticator, ActionChecks checks,
                     Clock clock, CosignService cosign, WebConsole web) {
        this(settings, backend, authenticator, checks, clock, cosign, web, java.util.Optional.empty());
    }

    /**
     * With MIG's loaders and manifests ({@code loader*}, {@code manifest*}, the loader-facing
     * {@code manifest/agent/} and {@code manifest/fetch/}, search types loader and manifest); without them
     * those endpoints do not exist.
     */
    public ApiRoutes(ApiSettings settings, ApiBackend backend, Authenticator authenticator, ActionChecks checks,
                     Clock clock, CosignService cosign, WebConsole web,
                     java.util.Optional<io.gator.api.loader.LoaderService> loaders) {
        this.settings = settings;
        this.web = web;
        this.answers = new Answers(settings, clock);
        this.links = new Links(settings);
        Calls calls = new Calls(settings, new Authentication(authenticator, web.sessions(), answers, links), answers, links);
        byte[] openApi = loadOpenApi(settings);
        // built once: the tree is the same for every request
        Route loaderRoutes = loaders.map(l -> concat(
                new LoaderFacingRoutes(l, settings, answers, links).route(),
                new LoaderRoutes(l, calls, links).route(),
                new ManifestRoutes(l, calls, links).route())).orElseGet(() -> reject());
        this.endpoints = concat(
                new HeartbeatRoutes(settings, backend, answers, links, clock).route(),
                new AgentRoutes(backend, calls, links).route(),
                new SearchRoutes(backend, calls, answers, links, clock, loaders).route(),
                loaderRoutes,
                new ActionRoutes(backend, checks, calls, links, cosign).route(),
                new CosignRoutes(cosign, calls, links).route(),
                new ScheduleRoutes(backend, new io.gator.api.schedule.SeriesChecks(checks, settings.schedule()), calls,
                        links, cosign, settings.schedule()).route(),
                new ActionResultsRoutes(backend, calls, links, clock).route(),
                new ActionStreamRoutes(backend, calls).route(),
                new InvestigatorRoutes(backend, calls, answers, links).route(),
                new ModuleRoutes(calls, checks.limits().maxTextLength()).route(),
                web.apiRoute(),
                path("openapi.json", () -> get(() -> complete(HttpResponse.create()
                        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, openApi))
                        .addHeader(Answers.NO_CACHE)))));
    }

    /** The complete route: access log, error handling, body limit, then the endpoints. */
    public Route route() {
        return extractRequest(req -> {
            long start = System.nanoTime();
            Authentication.Caller caller = new Authentication.Caller();
            return mapRequest(r -> r.addAttribute(Authentication.CALLER, caller), () ->
                    mapResponse(resp -> {
                        logAccess(req, resp, start, caller.name());
                        return resp;
                    }, () -> handleExceptions(exceptions(req), () ->
                            handleRejections(rejections(req), () ->
                                    withSizeLimit(settings.bodyLimit(), () -> collapseSlashes(() -> concat(
                                            pathPrefix(PathMatchers.separateOnSlashes(settings.baseRoute().substring(1)),
                                                    () -> endpoints),
                                            web.pages())))))));
        });
    }

    /**
     * Routes {@code /api/v1//ip} as {@code /api/v1/ip}: MIG's sample configuration gives agents an API URL
     * ending in '/', to which they append "/ip", and MIG's router cleans such paths. Only the matching
     * changes; a trailing slash stays significant (MIG's create endpoints have one).
     */
    private Route collapseSlashes(Supplier<Route> inner) {
        return mapRequestContext(ctx -> ctx.mapUnmatchedPath(p -> p.contains("//") ? DOUBLED_SLASHES.matcher(p)
                .replaceAll("/") : p), inner);
    }

    private ExceptionHandler exceptions(HttpRequest req) {
        return ExceptionHandler.newBuilder()
                .matchAny(t -> complete(answers.failure(links.of(req), t)))
                .build();
    }

    private RejectionHandler rejections(HttpRequest req) {
        return RejectionHandler.newBuilder()
                .handleAll(Rejection.class, list -> {
                    String href = links.of(req);
                    for (Rejection r : list) {
                        if (r instanceof MethodRejection) {
                            return complete(answers.failure(href, new ApiError(StatusCodes.METHOD_NOT_ALLOWED,
                                    "method " + req.method().value() + " is not allowed on "
                                            + req.getUri().getPathString())));
                        }
                    }
                    for (Rejection r : list) {
                        if (r instanceof MalformedRequestContentRejection m
                                && m.getCause() instanceof EntityStreamSizeException) {
                            return complete(answers.failure(href, m.getCause()));
                        }
                    }
                    return complete(answers.failure(href, new ApiError(StatusCodes.BAD_REQUEST,
                            "request rejected: " + list)));
                })
                .handleNotFound(complete(answers.failure(links.of(req), new ApiError(StatusCodes.NOT_FOUND,
                        "no such endpoint: " + req.method().value() + " " + req.getUri().getPathString()))))
                .build();
    }

    private void logAccess(HttpRequest req, HttpResponse resp, long startNanos, String who) {
        if (ACCESS.isInfoEnabled()) {
            ACCESS.info("{} {} {} {}ms investigator={}", req.method().value(), req.getUri().getPathString(),
                    resp.status().intValue(), Duration.ofNanos(System.nanoTime() - startNanos).toMillis(), who);
        }
    }

    private static byte[] loadOpenApi(ApiSettings settings) {
        try (InputStream in = ApiRoutes.class.getResourceAsStream("/gator-api-openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("gator-api-openapi.json missing from the classpath");
            }
            String doc = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return doc.replace("${BASE_URL}", settings.baseUrl()).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
