package io.gator.api.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.api.auth.Permission;
import io.gator.api.backend.ActionUpdate;
import io.gator.api.backend.ApiBackend;
import io.gator.core.command.Command;
import io.gator.core.json.MigJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.util.ByteString;

/**
 * Gator: an action's progress as server-sent events, pushed by the action entity. Events: {@code result} (one
 * per finished command, the command as the results endpoint shows it), {@code progress} (status and counters),
 * {@code done} (final status, then the stream ends); comments keep the connection open.
 *
 * <p>Every event's {@code id} is the number of {@code result} events the action has produced so far, in an order
 * that is the same on every connection; a client that reconnects with {@code Last-Event-ID: n} gets the results
 * after the n-th, so neither twice nor never.
 */
final class ActionStreamRoutes extends AllDirectives {
    static final String LAST_EVENT_ID = "Last-Event-ID";

    private final ApiBackend backend;
    private final Calls calls;

    ActionStreamRoutes(ApiBackend backend, Calls calls) {
        this.backend = backend;
        this.calls = calls;
    }

    Route route() {
        return path(PathMatchers.segment("action").slash("stream"), () -> get(() ->
                calls.call(Permission.ACTION, Set.of("actionid"), call ->
                        optionalHeaderValueByName(LAST_EVENT_ID, last -> extractActorSystem(system ->
                                calls.answer(call, () -> stream(call, last, system.settings().config()
                                        .getDuration("gator.api.follow.keep-alive"))))))));
    }

    private CompletionStage<HttpResponse> stream(Call call, Optional<String> lastEventId, Duration keepAlive) {
        long id = SearchParams.requiredId(call.query(), "actionid");
        long resumeAfter = lastEventId.map(ActionStreamRoutes::lastEventId).orElse(0L);
        return backend.follow(id).thenApply(updates -> {
            Events events = new Events(id, resumeAfter);
            var body = updates.mapConcat(events::of)
                    .keepAlive(keepAlive, () -> ByteString.fromString(":\n\n"));
            return HttpResponse.create()
                    .withEntity(HttpEntities.create(MediaTypes.TEXT_EVENT_STREAM.toContentType(), body))
                    .addHeader(Answers.NO_CACHE)
                    .addHeader(RawHeader.create("X-Accel-Buffering", "no")); // a buffering proxy would hold pushes
        });
    }

    /** A whole number of results already received, or 400. */
    static long lastEventId(String raw) {
        try {
            long v = Long.parseLong(raw.trim());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiError(StatusCodes.BAD_REQUEST, "invalid " + LAST_EVENT_ID + " header '" + raw
                + "': must be a whole number (the id of the last event received)");
    }

    /** Turns updates into SSE frames, counting results; skips those a resuming client already has. */
    private static final class Events {
        private final long actionId;
        private final long resumeAfter;
        private long results;

        Events(long actionId, long resumeAfter) {
            this.actionId = actionId;
            this.resumeAfter = resumeAfter;
        }

        List<ByteString> of(ActionUpdate u) {
            List<ByteString> out = new ArrayList<>(u.finished().size() + 2);
            for (Command c : u.finished()) {
                results++;
                if (results > resumeAfter) {
                    out.add(frame("result", results, MigJson.write(c)));
                }
            }
            ObjectNode state = JsonNodeFactory.instance.objectNode();
            state.put("actionid", actionId).put("status", u.status());
            state.set("counters", MigJson.mapper().valueToTree(u.counters()));
            String json = state.toString();
            out.add(frame("progress", results, json));
            if (u.last()) {
                out.add(frame("done", results, json));
            }
            return out;
        }

        /** One event; the data is single-line JSON (JSON escapes line breaks inside strings). */
        private static ByteString frame(String event, long id, String data) {
            return ByteString.fromString("event: " + event + "\nid: " + id + "\ndata: " + data + "\n\n");
        }
    }
}
