package io.gator.api.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.api.auth.Permission;
import io.gator.api.backend.ApiBackend;
import io.gator.api.backend.NotFoundException;
import io.gator.api.backend.SearchQuery;
import io.gator.api.backend.SearchResult;
import io.gator.api.backend.SearchType;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Gator: the commands of one action with their results, a page at a time in command ID order, so that a
 * client can read every agent's answer of a large action without MIG's search window or its 404 on an
 * empty page.
 */
final class ActionResultsRoutes extends AllDirectives {
    /** A page holds at most this many commands: one command's results can be large. */
    static final long MAX_LIMIT = 1000;

    private final ApiBackend backend;
    private final Calls calls;
    private final Links links;
    private final Clock clock;

    ActionResultsRoutes(ApiBackend backend, Calls calls, Links links, Clock clock) {
        this.backend = backend;
        this.calls = calls;
        this.links = links;
        this.clock = clock;
    }

    Route route() {
        return path(PathMatchers.segment("action").slash("results"), () -> get(() ->
                calls.call(Permission.COMMAND, Set.of("actionid", "limit", "offset"), call ->
                        calls.answer(call, () -> results(call)))));
    }

    private CompletionStage<HttpResponse> results(Call call) {
        long id = SearchParams.requiredId(call.query(), "actionid");
        long limit = bounded(call.query().get("limit"), "limit", MAX_LIMIT, MAX_LIMIT);
        long offset = bounded(call.query().get("offset"), "offset", 0, Integer.MAX_VALUE);
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        SearchQuery d = SearchQuery.defaults(SearchType.COMMAND, now);
        // no time window: an action's commands are all wanted, however old
        SearchQuery q = new SearchQuery(SearchType.COMMAND, OptionalLong.of(id), d.commandId(), d.agentId(),
                d.investigatorId(), d.actionName(), d.agentName(), d.agentVersion(), d.investigatorName(),
                d.status(), d.threatFamily(), OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(9999, 12, 31, 0, 0, 0, 0, ZoneOffset.UTC), Optional.empty(), limit, offset,
                Optional.empty());
        return backend.action(id).thenCompose(found -> {
            if (found.isEmpty()) {
                throw new NotFoundException("Action ID '" + id + "' not found");
            }
            return backend.search(q);
        }).thenApply(result -> {
            Collection c = new Collection(call.href());
            if (result instanceof SearchResult.Commands r) {
                r.items().forEach(x -> c.item(links.command(x.id()), "command", x));
            }
            ObjectNode page = JsonNodeFactory.instance.objectNode();
            page.put("limit", limit).put("offset", offset).put("count", result.size());
            // a short page is the last one
            if (result.size() == limit && limit > 0) {
                page.put("next", links.base() + "/action/results?actionid=" + id + "&limit=" + limit
                        + "&offset=" + (offset + limit));
            }
            c.item(call.href(), "pagination", page);
            return Answers.ok(c);
        });
    }

    /** A whole number from 0 to {@code max}, {@code dflt} when absent; 400 naming the parameter otherwise. */
    private static long bounded(String raw, String name, long dflt, long max) {
        if (raw == null) {
            return dflt;
        }
        long v;
        try {
            v = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new ApiError(StatusCodes.BAD_REQUEST, "invalid " + name + " parameter '" + raw
                    + "': not a whole number");
        }
        if (v < 0 || v > max) {
            throw new ApiError(StatusCodes.BAD_REQUEST, "invalid " + name + " parameter '" + raw
                    + "': must be between 0 and " + max);
        }
        return v;
    }
}
