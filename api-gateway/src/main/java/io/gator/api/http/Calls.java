package io.gator.api.http;

import io.gator.api.auth.Permission;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An investigator endpoint in the order every one of them takes: the body read within
 * {@code gator.api.body-limit}, the caller authenticated with the permission, then the query and the form
 * checked; and its answer, or its failure in MIG's envelope, within the request timeout.
 */
final class Calls extends AllDirectives {
    private final ApiSettings settings;
    private final Authentication authentication;
    private final QueryParameters query = new QueryParameters();
    private final FormFields forms;
    private final Answers answers;
    private final Links links;

    Calls(ApiSettings settings, Authentication authentication, Answers answers, Links links) {
        this.settings = settings;
        this.authentication = authentication;
        this.forms = new FormFields(settings.requestTimeout());
        this.answers = answers;
        this.links = links;
    }

    Route call(Permission permission, Set<String> allowedQuery, Function<Call, Route> inner) {
        return call(permission, allowedQuery, settings.bodyLimit(), inner);
    }

    /** As above with its own body limit (replacing {@code gator.api.body-limit}), e.g. for a series of actions. */
    Route call(Permission permission, Set<String> allowedQuery, long bodyLimit, Function<Call, Route> inner) {
        return withSizeLimit(bodyLimit, () -> toStrictEntity(settings.requestTimeout(), bodyLimit, () -> extractRequest(req -> {
            long start = System.nanoTime();
            return authentication.authenticated(permission, investigator -> query.accepted(allowedQuery, params ->
                    forms.checked(() -> inner.apply(new Call(investigator, params, links.of(req), start)))));
        })));
    }

    /** Completes with what {@code handler} answers, or its failure in MIG's envelope. */
    Route answer(Call call, Supplier<CompletionStage<HttpResponse>> handler) {
        CompletionStage<HttpResponse> answer;
        try {
            answer = handler.get();
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return completeWithFuture(answers.withTimeout(answer, call.startNanos())
                .exceptionally(t -> answers.failure(call.href(), t)));
    }
}
