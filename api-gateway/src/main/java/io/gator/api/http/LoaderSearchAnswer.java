package io.gator.api.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.api.backend.SearchQuery;
import io.gator.api.loader.LoaderSearch;
import io.gator.api.loader.LoaderService;
import io.gator.api.loader.ManifestSearch;
import io.gator.core.json.MigTime;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code search?type=loader} and {@code search?type=manifest} with MIG's parameters: after/before (lastseen or
 * timestamp; no window unless given), loadername/agentname or manifestname/status (ILIKE patterns), loaderid or
 * manifestid, limit and offset; items as MIG's, then the search parameters.
 */
final class LoaderSearchAnswer {
    private static final OffsetDateTime EARLIEST = MigTime.ZERO;
    private static final OffsetDateTime LATEST = OffsetDateTime.of(9999, 12, 31, 0, 0, 0, 0, ZoneOffset.UTC);

    private final LoaderService service;
    private final Answers answers;
    private final Links links;

    LoaderSearchAnswer(LoaderService service, Answers answers, Links links) {
        this.service = service;
        this.answers = answers;
        this.links = links;
    }

    CompletionStage<HttpResponse> search(Call call, Collection c, ObjectNode echo, OffsetDateTime now) {
        Map<String, String> q = call.query();
        OffsetDateTime after;
        OffsetDateTime before;
        long limit;
        long offset;
        try {
            after = SearchParams.time(q, "after").orElse(EARLIEST);
            before = SearchParams.time(q, "before").orElse(LATEST);
            limit = SearchParams.count(q, "limit", SearchQuery.DEFAULT_LIMIT);
            offset = SearchParams.count(q, "offset", 0);
        } catch (ApiError e) {
            c.item(call.href(), "search parameters", echo);
            return CompletableFuture.completedFuture(answers.failure(call.href(), e, c));
        }
        CompletionStage<List<Runnable>> found;
        if (q.get("type").equals("loader")) {
            found = service.searchLoaders(new LoaderSearch(after, before, q.getOrDefault("loadername", "%"),
                    q.getOrDefault("agentname", "%"), SearchParams.id(q, "loaderid"), limit, offset)).thenApply(l ->
                    l.stream().<Runnable>map(e -> () -> c.item(links.loader(e.id()), "loader", e)).toList());
        } else {
            found = service.searchManifests(new ManifestSearch(after, before, q.getOrDefault("manifestname", "%"),
                    q.getOrDefault("status", "%"), SearchParams.id(q, "manifestid"), limit, offset)).thenApply(l ->
                    l.stream().<Runnable>map(m -> () -> c.item(links.manifest(m.id()), "manifest", m)).toList());
        }
        return found.thenApply(items -> {
            if (items.isEmpty()) {
                c.item(call.href(), "search parameters", echo);
                return answers.failure(call.href(), new ApiError(StatusCodes.NOT_FOUND, "no results found"), c);
            }
            items.forEach(Runnable::run);
            if (offset > 0) {
                ObjectNode page = JsonNodeFactory.instance.objectNode();
                page.put("limit", limit).put("offset", offset);
                c.item(call.href(), "pagination", page);
            }
            c.item(call.href(), "search parameters", echo);
            return Answers.ok(c);
        });
    }
}
