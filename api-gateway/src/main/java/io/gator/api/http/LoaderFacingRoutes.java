package io.gator.api.http;

import io.gator.api.loader.LoaderReport;
import io.gator.api.loader.LoaderService;
import io.gator.api.loader.LoaderStore;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * What loaders call, authenticated by {@code X-LOADERKEY} alone (no investigator): {@code manifest/agent/} (the
 * manifest the loader must run, its entries and signatures) and {@code manifest/fetch/} (one file, base64 of its
 * gzip). The key is checked before the body is read; every failure is MIG's envelope with MIG's message.
 */
final class LoaderFacingRoutes extends AllDirectives {
    static final String KEY_HEADER = "X-LOADERKEY";
    static final String NO_KEY = "X-LOADERKEY header not found";

    private final LoaderService service;
    private final ApiSettings settings;
    private final Answers answers;
    private final Links links;
    private final FormFields forms;

    LoaderFacingRoutes(LoaderService service, ApiSettings settings, Answers answers, Links links) {
        this.service = service;
        this.settings = settings;
        this.answers = answers;
        this.links = links;
        this.forms = new FormFields(settings.requestTimeout());
    }

    Route route() {
        return concat(
                path(PathMatchers.segment("manifest").slash("agent").slash(), () -> post(() ->
                        loaderCall((req, r) -> service.agentManifest(req.loader, r).thenApply(m ->
                                Answers.ok(new Collection(req.href).item(req.path, "manifest", m.toTree())))))),
                path(PathMatchers.segment("manifest").slash("fetch").slash(), () -> post(() ->
                        loaderCall((req, r) -> service.fetch(req.loader, r).thenApply(data ->
                                Answers.ok(new Collection(req.href).item(req.path, "content",
                                        io.gator.core.json.MigJson.mapper().createObjectNode().put("data", data))))))));
    }

    /** The authenticated loader and how MIG addresses the answer (envelope href, item href = bare path). */
    private record LoaderRequest(LoaderStore.KeyCheck loader, String href, String path) {}

    private Route loaderCall(BiFunction<LoaderRequest, LoaderReport, CompletionStage<HttpResponse>> handler) {
        long limit = service.settings().loaderBodyLimit();
        return withSizeLimit(limit, () -> toStrictEntity(settings.requestTimeout(), limit, () -> extractRequest(req -> {
            long start = System.nanoTime();
            String href = links.of(req);
            Optional<String> key = req.getHeader(KEY_HEADER).map(HttpHeader::value);
            if (key.isEmpty() || key.get().isEmpty()) {
                return complete(answers.failure(href, new io.gator.api.loader.LoaderAuthException(NO_KEY)));
            }
            return onComplete(answers.withTimeout(service.authenticate(key.get()), start), auth -> {
                if (!auth.isSuccess()) {
                    return complete(answers.failure(href, auth.failed().get()));
                }
                req.getAttribute(Authentication.CALLER).ifPresent(c -> c.loader(auth.get().loaderName()));
                LoaderRequest lr = new LoaderRequest(auth.get(), href, req.getUri().getPathString());
                return forms.checked(() -> formFieldOptional("parameters", params -> {
                    CompletionStage<HttpResponse> answer;
                    try {
                        answer = handler.apply(lr, LoaderReport.parse(params.orElse("")));
                    } catch (RuntimeException e) {
                        answer = CompletableFuture.failedFuture(e);
                    }
                    return completeWithFuture(answers.withTimeout(answer, start)
                            .exceptionally(t -> answers.failure(href, t)));
                }));
            });
        })));
    }
}
