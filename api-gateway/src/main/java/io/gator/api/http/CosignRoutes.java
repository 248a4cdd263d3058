package io.gator.api.http;

import io.gator.api.auth.Permission;
import io.gator.api.cosign.CosignService;
import io.gator.api.cosign.PendingAction;
import io.gator.api.cosign.PendingView;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Gator's co-signing endpoints: list and review actions awaiting signatures, add one's signature, launch one
 * whose weight was reached (after a failed attempt), withdraw one.
 */
final class CosignRoutes extends AllDirectives {
    private final CosignService cosign;
    private final Calls calls;
    private final Links links;

    CosignRoutes(CosignService cosign, Calls calls, Links links) {
        this.cosign = cosign;
        this.calls = calls;
        this.links = links;
    }

    Route route() {
        return pathPrefix("cosign", () -> concat(
                path("pending", () -> get(() -> calls.call(Permission.ACTION, Set.of("actionid", "all"), call ->
                        calls.answer(call, () -> pending(call))))),
                path("action", () -> get(() -> calls.call(Permission.ACTION, Set.of("actionid"), call ->
                        calls.answer(call, () -> one(call, SearchParams.requiredId(call.query(), "actionid")))))),
                path("sign", () -> post(() -> calls.call(Permission.ACTION_CREATE, Set.of(), call ->
                        formFieldOptional("actionid", id -> formFieldOptional("signature", sig ->
                                calls.answer(call, () -> sign(call, id, sig))))))),
                path("launch", () -> post(() -> calls.call(Permission.ACTION_CREATE, Set.of(), call ->
                        formFieldOptional("actionid", id -> calls.answer(call, () -> launch(call, id)))))),
                path("cancel", () -> post(() -> calls.call(Permission.ACTION_CREATE, Set.of(), call ->
                        formFieldOptional("actionid", id -> calls.answer(call, () -> cancel(call, id))))))));
    }

    private CompletionStage<HttpResponse> pending(Call call) {
        if (call.query().containsKey("actionid")) {
            return one(call, SearchParams.requiredId(call.query(), "actionid"));
        }
        String all = call.query().getOrDefault("all", "false");
        if (!all.equals("true") && !all.equals("false")) {
            throw new ApiError(org.apache.pekko.http.javadsl.model.StatusCodes.BAD_REQUEST,
                    "parameter 'all' must be true or false");
        }
        return cosign.list(all.equals("true")).thenApply(list -> {
            Collection c = new Collection(call.href());
            list.forEach(p -> c.item(href(p.id()), "pending", PendingView.summary(p, cosign.weigh(p))));
            return Answers.ok(c);
        });
    }

    private CompletionStage<HttpResponse> one(Call call, long id) {
        return cosign.get(id).thenApply(p -> Answers.ok(item(call, p)));
    }

    private CompletionStage<HttpResponse> sign(Call call, Optional<String> id, Optional<String> signature) {
        return cosign.sign(id(id), signature.orElse(""), call.investigator())
                .thenApply(s -> Answers.ok(item(call, s.pending())));
    }

    private CompletionStage<HttpResponse> launch(Call call, Optional<String> id) {
        return cosign.launch(id(id)).thenApply(s -> Answers.ok(item(call, s.pending())));
    }

    private CompletionStage<HttpResponse> cancel(Call call, Optional<String> id) {
        return cosign.cancel(id(id), call.investigator()).thenApply(p -> Answers.ok(item(call, p)));
    }

    private Collection item(Call call, PendingAction p) {
        return new Collection(call.href()).item(href(p.id()), "pending", PendingView.of(p, cosign.weigh(p)));
    }

    private String href(long id) {
        return links.base() + "/cosign/action?actionid=" + id;
    }

    private static long id(Optional<String> id) {
        return SearchParams.parseId("actionid", id.orElseThrow(() ->
                new ApiError(org.apache.pekko.http.javadsl.model.StatusCodes.BAD_REQUEST,
                        "missing form field 'actionid'")));
    }
}
