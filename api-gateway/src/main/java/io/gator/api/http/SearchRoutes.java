package io.gator.api.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.api.auth.Permission;
import io.gator.api.backend.ApiBackend;
import io.gator.api.backend.SearchQuery;
import io.gator.api.backend.SearchResult;
import io.gator.core.investigator.Investigator;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** MIG's search over actions, commands, agents and investigators, paginated, echoing its parameters. */
final class SearchRoutes extends AllDirectives {
    private final ApiBackend backend;
    private final Calls calls;
    private final Answers answers;
    private final Links links;
    private final Clock clock;
    private final java.util.Optional<io.gator.api.loader.LoaderService> loaders;

    SearchRoutes(ApiBackend backend, Calls calls, Answers answers, Links links, Clock clock) {
        this(backend, calls, answers, links, clock, java.util.Optional.empty());
    }

    /** With MIG's loader and manifest search types served by {@code loaders}. */
    SearchRoutes(ApiBackend backend, Calls calls, Answers answers, Links links, Clock clock,
                 java.util.Optional<io.gator.api.loader.LoaderService> loaders) {
        this.loaders = loaders;
        this.backend = backend;
        this.calls = calls;
        this.answers = answers;
        this.links = links;
        this.clock = clock;
    }

    Route route() {
        return path("search", () -> get(() -> calls.call(Permission.SEARCH, SearchParams.ALLOWED, call ->
                calls.answer(call, () -> search(call)))));
    }

    private CompletionStage<HttpResponse> search(Call call) {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        ObjectNode echo = SearchParams.echo(call.query(), now);
        Collection c = new Collection(call.href());
        String type = call.query().getOrDefault("type", "action");
        if (loaders.isPresent() && (type.equals("loader") || type.equals("manifest"))) {
            return new LoaderSearchAnswer(loaders.get(), answers, links).search(call, c, echo, now);
        }
        SearchQuery q;
        try {
            q = SearchParams.parse(call.query(), now);
        } catch (ApiError e) {
            c.item(call.href(), "search parameters", echo);
            return CompletableFuture.completedFuture(answers.failure(call.href(), e, c));
        }
        return backend.search(q).thenApply(result -> {
            if (result.size() == 0) {
                c.item(call.href(), "search parameters", echo);
                return answers.failure(call.href(), new ApiError(StatusCodes.NOT_FOUND, "no results found"), c);
            }
            if (result instanceof SearchResult.Actions r) {
                r.items().forEach(a -> c.item(links.action(a.id()), "action", a));
            } else if (result instanceof SearchResult.Commands r) {
                r.items().forEach(x -> c.item(links.command(x.id()), "command", x));
            } else if (result instanceof SearchResult.Agents r) {
                r.items().forEach(a -> c.item(links.agent(a.id()), "agent", a));
            } else if (result instanceof SearchResult.Investigators r) {
                // as MIG's investigator search: without the public key (GET /investigator has it)
                r.items().forEach(i -> c.item(links.investigator(i.id()), "investigator", new Investigator(i.id(),
                        i.name(), i.pgpFingerprint(), "", i.status(), i.createdAt(), i.lastModified(), i.permissions())));
            }
            if (q.offset() > 0) {
                ObjectNode page = JsonNodeFactory.instance.objectNode();
                page.put("limit", q.limit()).put("offset", q.offset())
                        .put("next", links.base() + "/search?" + SearchParams.nextPage(call.query(), q));
                c.item(call.href(), "pagination", page);
            }
            c.item(call.href(), "search parameters", echo);
            return Answers.ok(c);
        });
    }
}
