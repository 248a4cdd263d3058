package io.gator.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.api.action.ActionChecks;
import io.gator.api.action.ActionRejectedException;
import io.gator.api.auth.ApiKeys;
import io.gator.api.auth.AuthException;
import io.gator.api.auth.Authenticator;
import io.gator.api.auth.Permission;
import io.gator.api.auth.PublicKeys;
import io.gator.api.backend.ActionIds;
import io.gator.api.backend.ApiBackend;
import io.gator.api.backend.ForbiddenException;
import io.gator.core.json.SafeText;
import io.gator.api.backend.BackendRejectedException;
import io.gator.api.backend.BackendUnavailableException;
import io.gator.api.backend.DashboardStats;
import io.gator.api.backend.InvestigatorUpdate;
import io.gator.api.backend.NewInvestigator;
import io.gator.api.backend.NotFoundException;
import io.gator.api.backend.SearchQuery;
import io.gator.api.backend.SearchResult;
import io.gator.core.action.Action;
import io.gator.core.agent.HttpHeartbeat;
import io.gator.core.id.IdGenerator;
import io.gator.core.investigator.Investigator;
import io.gator.core.investigator.Permissions;
import io.gator.core.json.MigJson;
import io.gator.core.json.MigJsonException;
import org.apache.pekko.http.javadsl.model.AttributeKey;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.Multipart;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Rejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.scaladsl.model.IllegalRequestException;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * MIG's API v1 under the configured base route, with Gator's additions (action cancel, action
 * journal, OpenAPI document). Every investigator route authenticates and checks its permission
 * before touching the backend; every answer is logged on {@code gator.api.access}.
 */
public final class ApiRoutes extends AllDirectives {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("gator.api.access");
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final AttributeKey<AtomicReference> WHO = AttributeKey.create("gator-investigator", AtomicReference.class);
    private static final HttpHeader NO_CACHE = RawHeader.create("Cache-Control", "no-cache");
    private static final String HEARTBEAT_TEXT = "gatorz say hi";
    /** The investigators table's limits: name VARCHAR(1024), publickey VARCHAR(65536) holding base64 (4/3). */
    private static final int MAX_INVESTIGATOR_NAME = 1024;
    private static final int MAX_ARMORED_KEY = 65536 / 4 * 3;
    private static final java.util.regex.Pattern DOUBLED_SLASHES = java.util.regex.Pattern.compile("/{2,}");
    private static final java.util.regex.Pattern HEX_FINGERPRINT = java.util.regex.Pattern.compile("[0-9A-Fa-f]{1,64}");

    private final ApiSettings settings;
    private final ApiBackend backend;
    private final Authenticator authenticator;
    private final ActionChecks checks;
    private final Clock clock;
    private final byte[] openApi;
    private final Route endpoints;
    private final ActionIds opIds;

    public ApiRoutes(ApiSettings settings, ApiBackend backend, Authenticator authenticator, ActionChecks checks,
                     Clock clock) {
        this.settings = settings;
        this.backend = backend;
        this.authenticator = authenticator;
        this.checks = checks;
        this.clock = clock;
        this.openApi = loadOpenApi(settings);
        this.opIds = new ActionIds(clock);
        this.endpoints = buildEndpoints(); // once: the tree is the same for every request
    }

    /** The complete route: access log, error handling, body limit, then the endpoints. */
    public Route route() {
        return extractRequest(req -> {
            long start = System.nanoTime();
            AtomicReference<String> who = new AtomicReference<>("-");
            return mapRequest(r -> r.addAttribute(WHO, who), () ->
                    mapResponse(resp -> {
                        logAccess(req, resp, start, who.get());
                        return resp;
                    }, () -> handleExceptions(exceptions(req), () ->
                            handleRejections(rejections(req), () ->
                                    withSizeLimit(settings.bodyLimit(), () -> collapseSlashes(() ->
                                            pathPrefix(PathMatchers.separateOnSlashes(settings.baseRoute().substring(1)),
                                                    () -> endpoints)))))));
        });
    }

    /**
     * Routes {@code /api/v1//ip} as {@code /api/v1/ip}: MIG's sample configuration gives agents an API URL
     * ending in '/', to which they append "/ip", and MIG's router cleans such paths. Only the matching
     * changes; a trailing slash stays significant (MIG's create endpoints have one).
     */
    private Route collapseSlashes(java.util.function.Supplier<Route> inner) {
        return mapRequestContext(ctx -> ctx.mapUnmatchedPath(p -> p.contains("//") ? DOUBLED_SLASHES.matcher(p)
                .replaceAll("/") : p), inner);
    }

    private Route buildEndpoints() {
        return concat(
                path("heartbeat", () -> concat(get(this::heartbeatGet), post(this::heartbeatPost))),
                path("ip", () -> get(this::ip)),
                path(PathMatchers.segment("publickey").slash(PathMatchers.segment()), fp -> get(() -> publicKey(fp))),
                path("openapi.json", () -> get(() -> complete(HttpResponse.create()
                        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, openApi)).addHeader(NO_CACHE)))),
                path("dashboard", () -> get(() -> authed(Permission.DASHBOARD, Set.of(), this::dashboard))),
                path("search", () -> get(() -> authed(Permission.SEARCH, SearchParams.ALLOWED, this::search))),
                path("action", () -> get(() -> authed(Permission.ACTION, Set.of("actionid"), this::getAction))),
                path(PathMatchers.segment("action").slash("create").slash(), () ->
                        post(() -> authed(Permission.ACTION_CREATE, Set.of(), this::createAction))),
                path(PathMatchers.segment("action").slash("cancel").slash(), () ->
                        post(() -> authed(Permission.ACTION_CREATE, Set.of(), this::cancelAction))),
                path(PathMatchers.segment("action").slash("events"), () ->
                        get(() -> authed(Permission.ACTION, Set.of("actionid"), this::actionEvents))),
                path("command", () -> get(() -> authed(Permission.COMMAND, Set.of("commandid"), this::getCommand))),
                path("agent", () -> get(() -> authed(Permission.AGENT, Set.of("agentid"), this::getAgent))),
                path("investigator", () -> get(() ->
                        authed(Permission.INVESTIGATOR, Set.of("investigatorid"), this::getInvestigator))),
                path(PathMatchers.segment("investigator").slash("create").slash(), () ->
                        post(() -> authed(Permission.INVESTIGATOR_CREATE, Set.of(), this::createInvestigator))),
                path(PathMatchers.segment("investigator").slash("update").slash(), () ->
                        post(() -> authed(Permission.INVESTIGATOR_UPDATE, Set.of(), this::updateInvestigator))));
    }

    // ---------------------------------------------------------------- plumbing

    /** One authenticated call: the request, who makes it, its query and form fields, its href. */
    record Call(HttpRequest request, Investigator investigator, Map<String, String> query, Form form, String href) {
        String param(String name) {
            return query.get(name);
        }
    }

    /** Form fields (url-encoded or multipart, the first value of each name). */
    record Form(Map<String, String> fields) {
        static final Form EMPTY = new Form(Map.of());

        Optional<String> get(String name) {
            return Optional.ofNullable(fields.get(name));
        }
    }

    private Route authed(Permission permission, Set<String> allowedParams, Function<Call, CompletionStage<HttpResponse>> handler) {
        return toStrictEntity(settings.requestTimeout(), settings.bodyLimit(), () ->
                extractMaterializer(mat -> extractRequest(req -> {
                    String href = href(req);
                    CompletionStage<HttpResponse> answer;
                    try {
                        // authenticate before looking at anything the caller sent
                        answer = authenticate(req, permission).thenCompose(inv -> {
                            Map<String, String> query = firstValues(
                                    urlEncoded(req.getUri().rawQueryString().orElse(""), "query"), allowedParams);
                            refuseUnstorable(query, "query parameter");
                            return readForm(req, mat).thenCompose(form -> {
                                refuseUnstorable(form.fields(), "form field");
                                return handler.apply(new Call(req, inv, query, form, href));
                            });
                        });
                    } catch (RuntimeException e) {
                        answer = CompletableFuture.failedFuture(e);
                    }
                    return completeWithFuture(withTimeout(answer).exceptionally(t -> failure(href, t)));
                })));
    }

    /** Every text a caller sends may reach PostgreSQL, which refuses NUL: a clear 400 naming the field. */
    private static void refuseUnstorable(Map<String, String> fields, String what) {
        fields.forEach((k, v) -> SafeText.problem(k).or(() -> SafeText.problem(v)).ifPresent(p -> {
            throw new ApiError(StatusCodes.BAD_REQUEST, what + " '" + printable(k) + "' " + p);
        }));
    }

    private static String printable(String s) {
        return s.replace("\0", "\\0");
    }

    private CompletionStage<Investigator> authenticate(HttpRequest req, Permission permission) {
        Optional<String> token = req.getHeader("X-PGPAUTHORIZATION").map(HttpHeader::value);
        Optional<String> key = req.getHeader("X-MIGAPIKEY").map(HttpHeader::value);
        return authenticator.authenticate(token, key).thenCompose(inv -> {
            @SuppressWarnings("unchecked")
            AtomicReference<String> who = req.getAttribute(WHO).orElse(new AtomicReference<>());
            who.set(inv.name());
            if (!permission.grantedBy(inv.permissions())) {
                return CompletableFuture.failedFuture(new AuthException("Insufficient permissions to access endpoint"));
            }
            return CompletableFuture.completedFuture(inv);
        });
    }

    private static Map<String, String> firstValues(List<Map.Entry<String, String>> params, Set<String> allowed) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : params) {
            if (!allowed.contains(e.getKey())) {
                throw new ApiError(StatusCodes.BAD_REQUEST, "unknown query parameter '" + e.getKey() + "'"
                        + (allowed.isEmpty() ? " (this endpoint takes none)"
                        : " (accepted: " + String.join(", ", allowed.stream().sorted().toList()) + ")"));
            }
            out.putIfAbsent(e.getKey(), e.getValue());
        }
        return out;
    }

    private CompletionStage<Form> readForm(HttpRequest req, Materializer mat) {
        HttpEntity entity = req.entity();
        if (entity.isKnownEmpty() || !(entity instanceof HttpEntity.Strict strict) || strict.getData().isEmpty()) {
            return CompletableFuture.completedFuture(Form.EMPTY);
        }
        var media = entity.getContentType().mediaType();
        if (media.equals(MediaTypes.APPLICATION_X_WWW_FORM_URLENCODED)) {
            String body = SafeText.utf8(strict.getData().toArray()).orElseThrow(() ->
                    new ApiError(StatusCodes.BAD_REQUEST, "form body is not valid UTF-8"));
            Map<String, String> m = new HashMap<>();
            urlEncoded(body, "form body").forEach(e -> m.putIfAbsent(e.getKey(), e.getValue()));
            return CompletableFuture.completedFuture(new Form(m));
        }
        if (media.isMultipart()) {
            return Unmarshaller.entityToMultipartFormData().unmarshal(entity, mat)
                    .thenCompose(fd -> fd.toStrict(settings.requestTimeout().toMillis(), mat))
                    .thenApply(strictForm -> {
                        Map<String, String> m = new HashMap<>();
                        for (Multipart.FormData.BodyPart.Strict part : strictForm.getStrictParts()) {
                            String name = part.getName();
                            m.putIfAbsent(name, SafeText.utf8(part.getEntity().getData().toArray()).orElseThrow(() ->
                                    new ApiError(StatusCodes.BAD_REQUEST, "form field '" + printable(name)
                                            + "' is not valid UTF-8")));
                        }
                        return new Form(m);
                    });
        }
        return CompletableFuture.failedFuture(new ApiError(StatusCodes.UNSUPPORTED_MEDIA_TYPE,
                "request body must be application/x-www-form-urlencoded or multipart/form-data, got "
                        + entity.getContentType()));
    }

    /**
     * application/x-www-form-urlencoded (UTF-8, '+' is a space), as a query string or a form body, in
     * order; percent-escapes that do not decode to valid UTF-8 are refused rather than replaced.
     */
    static List<Map.Entry<String, String>> urlEncoded(String body, String what) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = percentDecode(eq < 0 ? pair : pair.substring(0, eq), what);
            String v = percentDecode(eq < 0 ? "" : pair.substring(eq + 1), what);
            out.add(Map.entry(k, v));
        }
        return out;
    }

    private static String percentDecode(String s, String what) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw new ApiError(StatusCodes.BAD_REQUEST, "malformed " + what + ": bad percent-escape at "
                            + "character " + i);
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                int cp = s.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
                i += Character.charCount(cp) - 1;
            }
        }
        return SafeText.utf8(bytes.toByteArray()).orElseThrow(() ->
                new ApiError(StatusCodes.BAD_REQUEST, "malformed " + what + ": percent-escapes are not valid UTF-8"));
    }

    private <T> CompletionStage<T> withTimeout(CompletionStage<T> stage) {
        return stage.toCompletableFuture().orTimeout(settings.requestTimeout().toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private String href(HttpRequest req) {
        return settings.publicUrl() + req.getUri().getPathString()
                + req.getUri().rawQueryString().map(q -> "?" + q).orElse("");
    }

    private String base() {
        return settings.baseUrl();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    static HttpResponse json(StatusCode status, JsonNode body) {
        return HttpResponse.create().withStatus(status).addHeader(NO_CACHE)
                .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, MigJson.writeBytes(body)));
    }

    private static HttpResponse ok(Collection c) {
        return json(StatusCodes.OK, c.toJson());
    }

    private HttpResponse failure(String href, Throwable t) {
        return errorResponse(href, t, new Collection(href));
    }

    /** Maps a failure to MIG's envelope with the operation ID as the error code. */
    private HttpResponse errorResponse(String href, Throwable t, Collection c) {
        Throwable e = unwrap(t);
        String opId = Long.toString(opIds.next()); // random: tells nothing about other IDs
        StatusCode status;
        String message = e.getMessage();
        List<HttpHeader> extra = new ArrayList<>();
        if (e instanceof ApiError a) {
            status = a.status;
        } else if (e instanceof AuthException) {
            status = StatusCodes.UNAUTHORIZED;
        } else if (e instanceof ActionRejectedException || e instanceof BackendRejectedException
                || e instanceof IllegalArgumentException) {
            status = StatusCodes.BAD_REQUEST;
        } else if (e instanceof NotFoundException) {
            status = StatusCodes.NOT_FOUND;
        } else if (e instanceof ForbiddenException) {
            status = StatusCodes.FORBIDDEN;
        } else if (isTooLarge(e)) {
            status = StatusCodes.PAYLOAD_TOO_LARGE;
            message = tooLarge();
        } else if (e instanceof IllegalRequestException ire) {
            status = ire.status();
            message = ire.info().summary();
        } else if (e instanceof BackendUnavailableException || e instanceof TimeoutException) {
            status = StatusCodes.SERVICE_UNAVAILABLE;
            message = e instanceof TimeoutException
                    ? "the platform did not answer within " + settings.requestTimeout().toMillis() + " ms, retry later"
                    : "the platform is not reachable now, retry later: " + e.getMessage();
            extra.add(RawHeader.create("Retry-After", Long.toString(Math.max(1, settings.retryAfter().toSeconds()))));
        } else {
            status = StatusCodes.INTERNAL_SERVER_ERROR;
            LOG.error("operation {} failed on {}", opId, href, e);
            message = "internal error (operation " + opId + "), see the API log";
        }
        c.error(opId, message == null ? e.getClass().getSimpleName() : message);
        return json(status, c.toJson()).addHeaders(extra);
    }

    private static boolean isTooLarge(Throwable e) {
        return e instanceof EntityStreamSizeException
                || e instanceof IllegalRequestException ire && (ire.status().intValue() == 413
                        // toStrictEntity reports an oversized body as 400 "Request too large"
                        || ire.info().summary().startsWith("Request too large"));
    }

    private String tooLarge() {
        return "request body is larger than the limit of " + settings.bodyLimit() + " bytes (gator.api.body-limit)";
    }

    private static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof RuntimeException && !(e instanceof EntityStreamSizeException) && e.getCause() instanceof EntityStreamSizeException s) {
            return s;
        }
        return e;
    }

    private ExceptionHandler exceptions(HttpRequest req) {
        return ExceptionHandler.newBuilder()
                .matchAny(t -> complete(errorResponse(href(req), t, new Collection(href(req)))))
                .build();
    }

    private RejectionHandler rejections(HttpRequest req) {
        return RejectionHandler.newBuilder()
                .handleAll(Rejection.class, list -> {
                    String href = href(req);
                    for (Rejection r : list) {
                        if (r instanceof org.apache.pekko.http.javadsl.server.MethodRejection) {
                            return complete(errorResponse(href, new ApiError(StatusCodes.METHOD_NOT_ALLOWED,
                                    "method " + req.method().value() + " is not allowed on " + req.getUri().getPathString()),
                                    new Collection(href)));
                        }
                    }
                    for (Rejection r : list) {
                        if (r instanceof org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection m
                                && m.getCause() instanceof EntityStreamSizeException) {
                            return complete(errorResponse(href, m.getCause(), new Collection(href)));
                        }
                    }
                    return complete(errorResponse(href, new ApiError(StatusCodes.BAD_REQUEST,
                            "request rejected: " + list), new Collection(href)));
                })
                .handleNotFound(complete(errorResponse(href(req), new ApiError(StatusCodes.NOT_FOUND,
                        "no such endpoint: " + req.method().value() + " " + req.getUri().getPathString()),
                        new Collection(href(req)))))
                .build();
    }

    private void logAccess(HttpRequest req, HttpResponse resp, long startNanos, String who) {
        if (ACCESS.isInfoEnabled()) {
            ACCESS.info("{} {} {} {}ms investigator={}", req.method().value(), req.getUri().getPathString(),
                    resp.status().intValue(), Duration.ofNanos(System.nanoTime() - startNanos).toMillis(), who);
        }
    }

    // ---------------------------------------------------------------- open endpoints

    private Route heartbeatGet() {
        return extractRequest(req -> complete(ok(new Collection(href(req))
                .item(settings.baseRoute() + "/heartbeat", "heartbeat", HEARTBEAT_TEXT))));
    }

    /** The agent's heartbeat: plain JSON answers as MIG's ({@code {"error":null}} or the reason). */
    private Route heartbeatPost() {
        return handleExceptions(ExceptionHandler.newBuilder().matchAny(t -> complete(heartbeatFailure(t))).build(), () ->
                toStrictEntity(settings.requestTimeout(), Math.min(settings.bodyLimit(), settings.heartbeat().maxBytes()), () ->
                        extractRequest(req -> {
                            Optional<String> refused = settings.heartbeat().refusal(clientIp(req));
                            if (refused.isPresent()) {
                                return complete(heartbeatAnswer(StatusCodes.FORBIDDEN, refused.get()));
                            }
                            byte[] body = ((HttpEntity.Strict) req.entity()).getData().toArray();
                            HttpHeartbeat hb;
                            try {
                                JsonNode tree = MigJson.mapper().readTree(body);
                                if (tree == null || !tree.isObject()) {
                                    return complete(heartbeatAnswer(StatusCodes.BAD_REQUEST,
                                            "Failed to decode request body: expected a JSON object"));
                                }
                                Optional<String> unstorable = SafeText.problem(tree, "");
                                if (unstorable.isPresent()) {
                                    return complete(heartbeatAnswer(StatusCodes.BAD_REQUEST,
                                            "Failed to decode request body: " + unstorable.get()));
                                }
                                hb = MigJson.mapper().treeToValue(tree, HttpHeartbeat.class);
                            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                                return complete(heartbeatAnswer(StatusCodes.BAD_REQUEST,
                                        "Failed to decode request body: malformed heartbeat JSON: "
                                                + e.getOriginalMessage()));
                            } catch (IOException | IllegalArgumentException e) {
                                return complete(heartbeatAnswer(StatusCodes.BAD_REQUEST,
                                        "Failed to decode request body: " + e.getMessage()));
                            }
                            Optional<String> problem = heartbeatProblem(hb);
                            if (problem.isPresent()) {
                                return complete(heartbeatAnswer(StatusCodes.BAD_REQUEST,
                                        "Missing fields in request body: " + problem.get()));
                            }
                            return completeWithFuture(withTimeout(backend.heartbeat(hb))
                                    .thenApply(v -> heartbeatAnswer(StatusCodes.OK, null))
                                    .exceptionally(this::heartbeatFailure));
                        })));
    }

    private Optional<String> heartbeatProblem(HttpHeartbeat hb) {
        List<String> missing = hb.missingFields();
        if (!missing.isEmpty()) {
            return Optional.of("missing field(s): " + String.join(", ", missing));
        }
        if (now().minusMinutes(5).isAfter(hb.startTime())) {
            return Optional.of("heartbeat expired");
        }
        // a time ahead of the clock would keep the agent "online" (or its start "recent") for as long as it lies
        OffsetDateTime latest = now().plus(settings.heartbeat().maxClockSkew());
        if (hb.startTime().isAfter(latest) || hb.refreshTime().isAfter(latest)) {
            return Optional.of("agent start or refresh time is in the future (beyond gator.api.heartbeat.max-clock-skew)");
        }
        if (hb.pid() < 1 || hb.pid() > Integer.MAX_VALUE) {
            return Optional.of("agent pid is out of range");
        }
        if (hb.queueLoc().length() > 1024) {
            return Optional.of("agent queue location is too long");
        }
        if (!hb.mode().equals("daemon") && !hb.mode().equals("checkin")) {
            return Optional.of("agent reported an invalid mode");
        }
        if (hb.name().length() > 1024) {
            return Optional.of("agent name is too long");
        }
        if (hb.version().length() > 128) {
            return Optional.of("agent version is too long");
        }
        return Optional.empty();
    }

    private HttpResponse heartbeatFailure(Throwable t) {
        Throwable e = unwrap(t);
        if (isTooLarge(e)) {
            return heartbeatAnswer(StatusCodes.PAYLOAD_TOO_LARGE, settings.heartbeat().maxBytes() < settings.bodyLimit()
                    ? "heartbeat is larger than " + settings.heartbeat().maxBytes() + " bytes (gator.api.heartbeat.max-bytes)"
                    : tooLarge());
        }
        if (e instanceof BackendUnavailableException || e instanceof TimeoutException) {
            return heartbeatAnswer(StatusCodes.SERVICE_UNAVAILABLE, "Failed to save heartbeat: platform not reachable")
                    .addHeader(RawHeader.create("Retry-After", Long.toString(Math.max(1, settings.retryAfter().toSeconds()))));
        }
        if (e instanceof BackendRejectedException) {
            return heartbeatAnswer(StatusCodes.BAD_REQUEST, "Failed to save heartbeat: " + e.getMessage());
        }
        LOG.error("heartbeat failed", e);
        return heartbeatAnswer(StatusCodes.INTERNAL_SERVER_ERROR, "Failed to save heartbeat: internal error");
    }

    private static HttpResponse heartbeatAnswer(StatusCode status, String error) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (error == null) {
            o.putNull("error");
        } else {
            o.put("error", error);
        }
        return json(status, o);
    }

    private Route ip() {
        return extractRequest(req -> complete(HttpResponse.create().addHeader(NO_CACHE)
                .withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, clientIp(req)))));
    }

    /** The caller's address as gator.api.client-public-ip says to find it. */
    private String clientIp(HttpRequest req) {
        Optional<InetAddress> peer = req.getAttribute(AttributeKeys.remoteAddress).flatMap(RemoteAddress::getAddress);
        Optional<String> xff = req.getHeader("X-Forwarded-For").map(HttpHeader::value);
        return settings.clientIp().resolve(peer, xff);
    }

    private Route publicKey(String fingerprint) {
        if (!HEX_FINGERPRINT.matcher(fingerprint).matches()) {
            return complete(HttpResponse.create().withStatus(StatusCodes.BAD_REQUEST).withEntity(HttpEntities.create(
                    ContentTypes.TEXT_PLAIN_UTF8, "a key fingerprint is up to 64 hexadecimal digits")));
        }
        return completeWithFuture(withTimeout(backend.investigatorByFingerprint(fingerprint)).thenApply(found -> found
                .filter(i -> !i.publicKey().isEmpty())
                .map(i -> HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8,
                        Base64.getDecoder().decode(i.publicKey()))))
                .orElse(HttpResponse.create().withStatus(StatusCodes.NOT_FOUND).withEntity(HttpEntities.create(
                        ContentTypes.TEXT_PLAIN_UTF8, "no public key found for fingerprint " + fingerprint))))
                .exceptionally(t -> {
                    Throwable e = unwrap(t);
                    boolean down = e instanceof BackendUnavailableException || e instanceof TimeoutException;
                    HttpResponse r = HttpResponse.create()
                            .withStatus(down ? StatusCodes.SERVICE_UNAVAILABLE : StatusCodes.INTERNAL_SERVER_ERROR)
                            .withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8,
                                    down ? "platform not reachable, retry later" : "internal error"));
                    return down ? r.addHeader(RawHeader.create("Retry-After",
                            Long.toString(Math.max(1, settings.retryAfter().toSeconds())))) : r;
                }));
    }

    // ---------------------------------------------------------------- reads

    private CompletionStage<HttpResponse> dashboard(Call call) {
        return backend.dashboard().thenApply(s -> {
            List<Collection.Data> stats = List.of(
                    new Collection.Data("online agents", s.onlineAgents()),
                    new Collection.Data("online agents by version", nilWhenEmpty(s.onlineAgentsByVersion())),
                    new Collection.Data("online endpoints", s.onlineEndpoints()),
                    new Collection.Data("idle agents", s.idleAgents()),
                    new Collection.Data("idle agents by version", nilWhenEmpty(s.idleAgentsByVersion())),
                    new Collection.Data("idle endpoints", s.idleEndpoints()),
                    new Collection.Data("new endpoints", s.newEndpoints()),
                    new Collection.Data("endpoints running 2 or more agents", s.multiAgentEndpoints()),
                    new Collection.Data("disappeared endpoints", s.disappearedEndpoints()),
                    new Collection.Data("flapping endpoints", s.flappingEndpoints()));
            Collection c = new Collection(call.href()).item(call.href(), stats, List.of());
            s.latestActions().stream().limit(10).forEach(a -> c.item(actionHref(a.id()), "action", a));
            return ok(c);
        });
    }

    private static JsonNode nilWhenEmpty(List<DashboardStats.VersionCount> list) {
        if (list.isEmpty()) {
            return JsonNodeFactory.instance.nullNode();
        }
        var arr = JsonNodeFactory.instance.arrayNode();
        list.forEach(v -> arr.addObject().put("version", v.version()).put("count", v.count()));
        return arr;
    }

    private CompletionStage<HttpResponse> search(Call call) {
        ObjectNode echo = SearchParams.echo(call.query(), now());
        Collection c = new Collection(call.href());
        SearchQuery q;
        try {
            q = SearchParams.parse(call.query(), now());
        } catch (ApiError e) {
            c.item(call.href(), "search parameters", echo);
            return CompletableFuture.completedFuture(errorResponse(call.href(), e, c));
        }
        return backend.search(q).thenApply(result -> {
            if (result.size() == 0) {
                c.item(call.href(), "search parameters", echo);
                return errorResponse(call.href(), new ApiError(StatusCodes.NOT_FOUND, "no results found"), c);
            }
            if (result instanceof SearchResult.Actions r) {
                r.items().forEach(a -> c.item(actionHref(a.id()), "action", a));
            } else if (result instanceof SearchResult.Commands r) {
                r.items().forEach(x -> c.item(commandHref(x.id()), "command", x));
            } else if (result instanceof SearchResult.Agents r) {
                r.items().forEach(a -> c.item(base() + "/agent?agentid=" + a.id(), "agent", a));
            } else if (result instanceof SearchResult.Investigators r) {
                // as MIG's investigator search: without the public key (GET /investigator has it)
                r.items().forEach(i -> c.item(investigatorHref(i.id()), "investigator", new Investigator(i.id(),
                        i.name(), i.pgpFingerprint(), "", i.status(), i.createdAt(), i.lastModified(), i.permissions())));
            }
            if (q.offset() > 0) {
                ObjectNode page = JsonNodeFactory.instance.objectNode();
                page.put("limit", q.limit()).put("offset", q.offset())
                        .put("next", base() + "/search?" + SearchParams.nextPage(call.query(), q));
                c.item(call.href(), "pagination", page);
            }
            c.item(call.href(), "search parameters", echo);
            return ok(c);
        });
    }

    private long requiredId(Call call, String name) {
        String raw = call.param(name);
        if (raw == null) {
            throw new ApiError(StatusCodes.BAD_REQUEST, "missing query parameter '" + name + "'");
        }
        return SearchParams.parseId(name, raw);
    }

    private CompletionStage<HttpResponse> getAction(Call call) {
        long id = requiredId(call, "actionid");
        return backend.action(id).thenApply(found -> found
                .map(a -> ok(new Collection(call.href()).item(actionHref(a.id()), "action", a)))
                .orElseThrow(() -> new NotFoundException("Action ID '" + id + "' not found")));
    }

    private CompletionStage<HttpResponse> getCommand(Call call) {
        long id = requiredId(call, "commandid");
        return backend.command(id).thenApply(found -> found
                .map(cmd -> ok(new Collection(call.href()).item(commandHref(cmd.id()),
                        List.of(new Collection.Data("command", cmd)),
                        List.of(new Collection.Link("action", actionHref(cmd.action().id()))))))
                .orElseThrow(() -> new NotFoundException("Command ID '" + id + "' not found")));
    }

    private CompletionStage<HttpResponse> getAgent(Call call) {
        long id = requiredId(call, "agentid");
        return backend.agent(id).thenApply(found -> found
                .map(a -> ok(new Collection(call.href()).item(base() + "/agent?agentid=" + a.id(), "agent", a)))
                .orElseThrow(() -> new NotFoundException("Agent ID '" + id + "' not found")));
    }

    private CompletionStage<HttpResponse> getInvestigator(Call call) {
        long id = requiredId(call, "investigatorid");
        return backend.investigator(id).thenApply(found -> found
                .map(i -> ok(new Collection(call.href()).item(investigatorHref(i.id()),
                        List.of(new Collection.Data("investigator", i)),
                        List.of(new Collection.Link("investigator history",
                                base() + "/search?type=action&investigatorid=" + i.id() + "&limit=100")))))
                .orElseThrow(() -> new NotFoundException("Investigator ID '" + id + "' not found")));
    }

    private CompletionStage<HttpResponse> actionEvents(Call call) {
        long id = requiredId(call, "actionid");
        return backend.action(id).thenCompose(found -> {
            if (found.isEmpty()) {
                throw new NotFoundException("Action ID '" + id + "' not found");
            }
            return backend.actionEvents(id).thenApply(events -> {
                Collection c = new Collection(call.href());
                events.forEach(ev -> {
                    ObjectNode o = JsonNodeFactory.instance.objectNode();
                    o.put("sequencenr", ev.sequenceNr());
                    o.set("timestamp", MigJson.mapper().valueToTree(ev.timestamp()));
                    o.put("type", ev.type());
                    o.set("event", ev.event());
                    c.item(actionHref(id), "event", o);
                });
                return ok(c);
            });
        });
    }

    // ---------------------------------------------------------------- writes

    private CompletionStage<HttpResponse> createAction(Call call) {
        Action parsed = checks.parse(call.form().get("action").orElse(""));
        return backend.activeInvestigators().thenCompose(active -> {
            // an action lists its signers as MIG does: who they are, not their keys
            List<Investigator> signers = checks.signers(parsed, active).stream()
                    .map(i -> new Investigator(i.id(), i.name(), i.pgpFingerprint(), "", i.status(), i.createdAt(),
                            i.lastModified(), i.permissions()))
                    .toList();
            // a signed action can be read back by anyone with the "action" permission: only a signer may
            // post it, or anyone could run someone else's action again under that person's name
            if (signers.stream().noneMatch(s -> s.id() == call.investigator().id())) {
                throw new ForbiddenException("investigator " + call.investigator().name()
                        + " did not sign this action: only one of its signers may post it");
            }
            return backend.createAction(parsed, signers, call.investigator());
        }).thenApply(stored -> {
            LOG.info("action {} '{}' created by {}", stored.id(), stored.name(), call.investigator().name());
            return json(StatusCodes.ACCEPTED, new Collection(call.href())
                    // MIG answers with the action as submitted plus its ID and status (no investigators)
                    .item(actionHref(stored.id()), "action ID " + stored.id(), stored.withInvestigators(List.of()))
                    .toJson());
        });
    }

    private CompletionStage<HttpResponse> cancelAction(Call call) {
        String raw = call.form().get("actionid").orElseThrow(() ->
                new ApiError(StatusCodes.BAD_REQUEST, "missing form field 'actionid'"));
        long id = SearchParams.parseId("actionid", raw);
        return backend.cancelAction(id, call.investigator()).thenApply(a ->
                ok(new Collection(call.href()).item(actionHref(a.id()), "action", a)));
    }

    private CompletionStage<HttpResponse> createInvestigator(Call call) {
        String name = call.form().get("name").map(String::trim).orElse("");
        if (name.isEmpty()) {
            throw new ApiError(StatusCodes.BAD_REQUEST, "missing investigator name in form field 'name'");
        }
        Permissions perms = call.form().get("permissions").map(ApiRoutes::permissions).orElse(Permissions.INVESTIGATOR);
        String armored = call.form().get("publickey").orElseThrow(() ->
                new ApiError(StatusCodes.BAD_REQUEST, "missing armored public key in form field 'publickey'"));
        if (name.length() > MAX_INVESTIGATOR_NAME) {
            throw new ApiError(StatusCodes.BAD_REQUEST, "investigator name is longer than " + MAX_INVESTIGATOR_NAME
                    + " characters");
        }
        if (armored.length() > MAX_ARMORED_KEY) {
            throw new ApiError(StatusCodes.BAD_REQUEST, "public key is longer than " + MAX_ARMORED_KEY + " characters");
        }
        String fingerprint = PublicKeys.fingerprint(armored);
        return backend.createInvestigator(new NewInvestigator(name, fingerprint, armored, perms)).thenApply(inv -> {
            LOG.info("investigator {} '{}' ({}) created by {}", inv.id(), inv.name(), fingerprint,
                    call.investigator().name());
            return json(StatusCodes.CREATED, new Collection(call.href())
                    .item(investigatorHref(inv.id()), "Investigator ID " + inv.id(), inv).toJson());
        });
    }

    private CompletionStage<HttpResponse> updateInvestigator(Call call) {
        long id = SearchParams.parseId("id", call.form().get("id").orElseThrow(() ->
                new ApiError(StatusCodes.BAD_REQUEST, "missing form field 'id' (the investigator ID)")));
        Optional<String> status = call.form().get("status");
        status.ifPresent(s -> {
            if (!s.equals("active") && !s.equals("disabled")) {
                throw new ApiError(StatusCodes.BAD_REQUEST, "status must be 'active' or 'disabled', got '" + s + "'");
            }
        });
        Optional<Permissions> perms = call.form().get("permissions").map(ApiRoutes::permissions);
        Optional<String> apiKeyMode = call.form().get("apikey");
        Optional<ApiKeys.Generated> generated = Optional.empty();
        Optional<InvestigatorUpdate.ApiKeyChange> keyChange = Optional.empty();
        if (apiKeyMode.isPresent()) {
            switch (apiKeyMode.get()) {
                case "active" -> {
                    ApiKeys.Generated g = ApiKeys.generate();
                    generated = Optional.of(g);
                    keyChange = Optional.of(new InvestigatorUpdate.ApiKeyChange.Set(g.hash(), g.salt(), g.lookup()));
                }
                case "disabled" -> keyChange = Optional.of(new InvestigatorUpdate.ApiKeyChange.Remove());
                default -> throw new ApiError(StatusCodes.BAD_REQUEST,
                        "apikey must be 'active' or 'disabled', got '" + apiKeyMode.get() + "'");
            }
        }
        if (status.isEmpty() && perms.isEmpty() && keyChange.isEmpty()) {
            throw new ApiError(StatusCodes.BAD_REQUEST, "nothing to update: give status, permissions or apikey");
        }
        Optional<ApiKeys.Generated> shown = generated;
        return backend.updateInvestigator(new InvestigatorUpdate(id, status, perms, keyChange)).thenApply(inv -> {
            LOG.info("investigator {} '{}' updated by {}", inv.id(), inv.name(), call.investigator().name());
            ObjectNode value = MigJson.mapper().valueToTree(inv);
            shown.ifPresent(g -> value.put("apikey", g.key()));
            return ok(new Collection(call.href()).item(investigatorHref(inv.id()), "Investigator ID " + inv.id(), value));
        });
    }

    private static Permissions permissions(String json) {
        JsonNode tree;
        try {
            tree = MigJson.tree(json);
        } catch (MigJsonException e) {
            throw new ApiError(StatusCodes.BAD_REQUEST, "malformed permissions JSON: " + e.getMessage());
        }
        if (!tree.isObject()) {
            throw new ApiError(StatusCodes.BAD_REQUEST, "permissions must be a JSON object of booleans");
        }
        Set<String> known = Set.of("search", "action", "action_create", "command", "agent", "dashboard", "loader",
                "loader_status", "loader_expect", "loader_key", "loader_new", "manifest", "manifest_sign",
                "manifest_status", "manifest_new", "manifest_loaders", "investigator", "investigator_create",
                "investigator_update");
        for (var it = tree.fields(); it.hasNext(); ) {
            var f = it.next();
            if (!known.contains(f.getKey())) {
                throw new ApiError(StatusCodes.BAD_REQUEST, "unknown permission '" + f.getKey() + "'");
            }
            if (!f.getValue().isBoolean()) {
                throw new ApiError(StatusCodes.BAD_REQUEST, "permission '" + f.getKey() + "' must be true or false");
            }
        }
        return MigJson.mapper().convertValue(tree, Permissions.class);
    }

    private String actionHref(long id) {
        return base() + "/action?actionid=" + id;
    }

    private String commandHref(long id) {
        return base() + "/command?commandid=" + id;
    }

    private String investigatorHref(long id) {
        return base() + "/investigator?investigatorid=" + id;
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
