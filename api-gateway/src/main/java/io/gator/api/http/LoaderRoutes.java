package io.gator.api.http;

import io.gator.api.auth.Permission;
import io.gator.api.loader.LoaderEntry;
import io.gator.api.loader.LoaderService;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * MIG's loader entries, for investigators with the loader permissions: read one, create one (answered with its
 * key, shown only then), enable or disable, set the expected environment, issue a new key.
 */
final class LoaderRoutes extends AllDirectives {
    private final LoaderService service;
    private final Calls calls;
    private final Links links;

    LoaderRoutes(LoaderService service, Calls calls, Links links) {
        this.service = service;
        this.calls = calls;
        this.links = links;
    }

    Route route() {
        return concat(
                path("loader", () -> get(() -> calls.call(Permission.LOADER, Set.of("loaderid"), call ->
                        calls.answer(call, () -> entry(call, SearchParams.requiredId(call.query(), "loaderid")))))),
                post("new", Permission.LOADER_NEW, call -> formFieldOptional("loader", le ->
                        calls.answer(call, () -> service.newLoader(le.orElse("")).thenApply(e ->
                                Answers.json(StatusCodes.CREATED, new Collection(call.href())
                                        .item(links.loader(e.id()), "loader", e).toJson()))))),
                post("status", Permission.LOADER_STATUS, call -> formFieldOptional("loaderid", id ->
                        formFieldOptional("status", status -> calls.answer(call, () ->
                                service.setStatus(id(id), status.orElse(""))
                                        .thenApply(v -> Answers.ok(new Collection(call.href()))))))),
                post("expect", Permission.LOADER_EXPECT, call -> formFieldOptional("loaderid", id ->
                        formFieldOptional("expectenv", env -> calls.answer(call, () ->
                                service.setExpectEnv(id(id), env.orElse(""))
                                        .thenApply(v -> Answers.ok(new Collection(call.href()))))))),
                post("key", Permission.LOADER_KEY, call -> formFieldOptional("loaderid", id ->
                        calls.answer(call, () -> service.newKey(id(id)).thenApply(e ->
                                Answers.ok(new Collection(call.href()).item(links.loader(e.id()), "loader", e)))))));
    }

    /** {@code POST loader/<action>/} (MIG's trailing slash) for an investigator holding {@code permission}. */
    private Route post(String action, Permission permission, java.util.function.Function<Call, Route> inner) {
        return path(PathMatchers.segment("loader").slash(action).slash(), () -> post(() ->
                calls.call(permission, Set.of(), inner)));
    }

    private CompletionStage<HttpResponse> entry(Call call, long id) {
        return service.loader(id).thenApply((LoaderEntry e) ->
                Answers.ok(new Collection(call.href()).item(links.loader(e.id()), "loader", e)));
    }

    static long id(Optional<String> field) {
        return SearchParams.parseId("loaderid", field.orElseThrow(() ->
                new ApiError(StatusCodes.BAD_REQUEST, "missing form field 'loaderid'")));
    }
}
