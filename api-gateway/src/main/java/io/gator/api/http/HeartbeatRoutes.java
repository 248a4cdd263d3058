package io.gator.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.api.backend.ApiBackend;
import io.gator.api.backend.BackendRejectedException;
import io.gator.core.agent.HttpHeartbeat;
import io.gator.core.json.MigJson;
import io.gator.core.json.SafeText;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The open endpoints agents call: MIG's heartbeat (GET says hi; POST records an agent, answered in
 * MIG's plain {@code {"error":...}} JSON) and {@code /ip}, the caller's address.
 */
final class HeartbeatRoutes extends AllDirectives {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    private static final String HEARTBEAT_TEXT = "gatorz say hi";

    private final ApiSettings settings;
    private final ApiBackend backend;
    private final Answers answers;
    private final Links links;
    private final Clock clock;

    HeartbeatRoutes(ApiSettings settings, ApiBackend backend, Answers answers, Links links, Clock clock) {
        this.settings = settings;
        this.backend = backend;
        this.answers = answers;
        this.links = links;
        this.clock = clock;
    }

    Route route() {
        return concat(
                path("heartbeat", () -> concat(get(this::hello), post(this::heartbeat))),
                path("ip", () -> get(this::ip)));
    }

    private Route hello() {
        return extractRequest(req -> complete(Answers.ok(new Collection(links.of(req))
                .item(settings.baseRoute() + "/heartbeat", "heartbeat", HEARTBEAT_TEXT))));
    }

    private Route heartbeat() {
        return handleExceptions(ExceptionHandler.newBuilder().matchAny(t -> complete(failure(t))).build(), () ->
                toStrictEntity(settings.requestTimeout(), Math.min(settings.bodyLimit(), settings.heartbeat().maxBytes()),
                        () -> extractRequest(req -> {
                            Optional<String> refused = settings.heartbeat().refusal(clientIp(req));
                            if (refused.isPresent()) {
                                return complete(Answers.plain(StatusCodes.FORBIDDEN, refused.get()));
                            }
                            byte[] body = ((HttpEntity.Strict) req.entity()).getData().toArray();
                            return record(body);
                        })));
    }

    private Route record(byte[] body) {
        HttpHeartbeat hb;
        try {
            JsonNode tree = MigJson.mapper().readTree(body);
            if (tree == null || !tree.isObject()) {
                return complete(Answers.plain(StatusCodes.BAD_REQUEST,
                        "Failed to decode request body: expected a JSON object"));
            }
            Optional<String> unstorable = SafeText.problem(tree, "");
            if (unstorable.isPresent()) {
                return complete(Answers.plain(StatusCodes.BAD_REQUEST,
                        "Failed to decode request body: " + unstorable.get()));
            }
            hb = MigJson.mapper().treeToValue(tree, HttpHeartbeat.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return complete(Answers.plain(StatusCodes.BAD_REQUEST,
                    "Failed to decode request body: malformed heartbeat JSON: " + e.getOriginalMessage()));
        } catch (IOException | IllegalArgumentException e) {
            return complete(Answers.plain(StatusCodes.BAD_REQUEST, "Failed to decode request body: "
                    + e.getMessage()));
        }
        Optional<String> problem = problem(hb);
        if (problem.isPresent()) {
            return complete(Answers.plain(StatusCodes.BAD_REQUEST,
                    "Missing fields in request body: " + problem.get()));
        }
        return completeWithFuture(answers.withTimeout(backend.heartbeat(hb))
                .thenApply(v -> Answers.plain(StatusCodes.OK, null))
                .exceptionally(this::failure));
    }

    private Optional<String> problem(HttpHeartbeat hb) {
        List<String> missing = hb.missingFields();
        if (!missing.isEmpty()) {
            return Optional.of("missing field(s): " + String.join(", ", missing));
        }
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        if (now.minusMinutes(5).isAfter(hb.startTime())) {
            return Optional.of("heartbeat expired");
        }
        // a time ahead of the clock would keep the agent "online" (or its start "recent") for as long as it lies
        OffsetDateTime latest = now.plus(settings.heartbeat().maxClockSkew());
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

    private HttpResponse failure(Throwable t) {
        Throwable e = Answers.unwrap(t);
        if (Answers.isTooLarge(e)) {
            return Answers.plain(StatusCodes.PAYLOAD_TOO_LARGE,
                    settings.heartbeat().maxBytes() < settings.bodyLimit()
                            ? "heartbeat is larger than " + settings.heartbeat().maxBytes()
                                    + " bytes (gator.api.heartbeat.max-bytes)"
                            : answers.tooLarge());
        }
        if (Answers.isUnavailable(e)) {
            return Answers.plain(StatusCodes.SERVICE_UNAVAILABLE, "Failed to save heartbeat: platform not reachable")
                    .addHeader(answers.retryAfter());
        }
        if (e instanceof BackendRejectedException) {
            return Answers.plain(StatusCodes.BAD_REQUEST, "Failed to save heartbeat: " + e.getMessage());
        }
        LOG.error("heartbeat failed", e);
        return Answers.plain(StatusCodes.INTERNAL_SERVER_ERROR, "Failed to save heartbeat: internal error");
    }

    private Route ip() {
        return extractRequest(req -> complete(HttpResponse.create().addHeader(Answers.NO_CACHE)
                .withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, clientIp(req)))));
    }

    /** The caller's address as gator.api.client-public-ip says to find it. */
    private String clientIp(HttpRequest req) {
        Optional<InetAddress> peer = req.getAttribute(AttributeKeys.remoteAddress).flatMap(RemoteAddress::getAddress);
        Optional<String> xff = req.getHeader("X-Forwarded-For").map(HttpHeader::value);
        return settings.clientIp().resolve(peer, xff);
    }
}
