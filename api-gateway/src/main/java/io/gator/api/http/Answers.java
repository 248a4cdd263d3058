package io.gator.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.api.action.ActionRejectedException;
import io.gator.api.auth.AuthException;
import io.gator.api.backend.ActionIds;
import io.gator.api.backend.BackendRejectedException;
import io.gator.api.backend.BackendUnavailableException;
import io.gator.api.backend.ForbiddenException;
import io.gator.api.backend.NotFoundException;
import io.gator.core.json.MigJson;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.scaladsl.model.IllegalRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The API's answers: JSON in MIG's envelope, and every failure mapped to its status and MIG's error
 * object, whose code is a fresh operation ID (random: tells nothing about other IDs).
 */
final class Answers {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    static final HttpHeader NO_CACHE = RawHeader.create("Cache-Control", "no-cache");

    private final ApiSettings settings;
    private final ActionIds opIds;

    Answers(ApiSettings settings, Clock clock) {
        this.settings = settings;
        this.opIds = new ActionIds(clock);
    }

    static HttpResponse json(StatusCode status, JsonNode body) {
        return HttpResponse.create().withStatus(status).addHeader(NO_CACHE)
                .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, MigJson.writeBytes(body)));
    }

    static HttpResponse ok(Collection c) {
        return json(StatusCodes.OK, c.toJson());
    }

    /** MIG's plain heartbeat answer: {@code {"error":null}} or the reason. */
    static HttpResponse plain(StatusCode status, String error) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (error == null) {
            o.putNull("error");
        } else {
            o.put("error", error);
        }
        return json(status, o);
    }

    HttpResponse failure(String href, Throwable t) {
        return failure(href, t, new Collection(href));
    }

    /** {@code t} as MIG's envelope {@code c} with its error set. */
    HttpResponse failure(String href, Throwable t, Collection c) {
        Throwable e = unwrap(t);
        String opId = Long.toString(opIds.next());
        StatusCode status;
        String message = e.getMessage();
        List<HttpHeader> extra = new ArrayList<>();
        if (e instanceof ApiError a) {
            status = a.status;
        } else if (e instanceof AuthException || e instanceof io.gator.api.loader.LoaderAuthException) {
            status = StatusCodes.UNAUTHORIZED;
        } else if (e instanceof ActionRejectedException || e instanceof BackendRejectedException
                || e instanceof IllegalArgumentException) {
            status = StatusCodes.BAD_REQUEST;
        } else if (e instanceof io.gator.api.loader.NoManifestException) {
            // MIG's answer, which stock loaders print: a 500 with this message
            status = StatusCodes.INTERNAL_SERVER_ERROR;
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
        } else if (isUnavailable(e)) {
            status = StatusCodes.SERVICE_UNAVAILABLE;
            message = e instanceof TimeoutException
                    ? "the platform did not answer within " + settings.requestTimeout().toMillis() + " ms, retry later"
                    : "the platform is not reachable now, retry later: " + e.getMessage();
            extra.add(retryAfter());
        } else {
            status = StatusCodes.INTERNAL_SERVER_ERROR;
            LOG.error("operation {} failed on {}", opId, href, e);
            message = "internal error (operation " + opId + "), see the API log";
        }
        c.error(opId, message == null ? e.getClass().getSimpleName() : message);
        return json(status, c.toJson()).addHeaders(extra);
    }

    /** The platform is down or did not answer in time: worth retrying after {@link #retryAfter()}. */
    static boolean isUnavailable(Throwable e) {
        return e instanceof BackendUnavailableException || e instanceof TimeoutException;
    }

    HttpHeader retryAfter() {
        return RawHeader.create("Retry-After", Long.toString(Math.max(1, settings.retryAfter().toSeconds())));
    }

    static boolean isTooLarge(Throwable e) {
        return e instanceof EntityStreamSizeException
                || e instanceof IllegalRequestException ire && (ire.status().intValue() == 413
                        // toStrictEntity reports an oversized body as 400 "Request too large"
                        || ire.info().summary().startsWith("Request too large"));
    }

    String tooLarge() {
        return "request body is larger than the limit of " + settings.bodyLimit() + " bytes (gator.api.body-limit)";
    }

    /** {@code stage}, failed with a {@link TimeoutException} once the request timeout passes. */
    <T> CompletionStage<T> withTimeout(CompletionStage<T> stage) {
        return withTimeout(stage, System.nanoTime());
    }

    /** {@code stage}, failed with a {@link TimeoutException} once the request timeout passes since {@code startNanos}. */
    <T> CompletionStage<T> withTimeout(CompletionStage<T> stage, long startNanos) {
        long left = settings.requestTimeout().toNanos() - (System.nanoTime() - startNanos);
        return stage.toCompletableFuture().orTimeout(Math.max(0, left), TimeUnit.NANOSECONDS);
    }

    static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof RuntimeException && !(e instanceof EntityStreamSizeException)
                && e.getCause() instanceof EntityStreamSizeException s) {
            return s;
        }
        return e;
    }
}
