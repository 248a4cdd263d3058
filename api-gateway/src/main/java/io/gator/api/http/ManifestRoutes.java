package io.gator.api.http;

import io.gator.api.auth.Permission;
import io.gator.api.loader.LoaderService;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.Optional;
import java.util.Set;

/**
 * MIG's manifests, for investigators with the manifest permissions: read one (content and signatures), create
 * one (staged, within {@code gator.api.manifest.body-limit}), sign, reset or disable, list the loaders it targets.
 */
final class ManifestRoutes extends AllDirectives {
    private final LoaderService service;
    private final Calls calls;
    private final Links links;

    ManifestRoutes(LoaderService service, Calls calls, Links links) {
        this.service = service;
        this.calls = calls;
        this.links = links;
    }

    Route route() {
        return concat(
                path("manifest", () -> get(() -> calls.call(Permission.MANIFEST, Set.of("manifestid"), call ->
                        calls.answer(call, () -> service.manifest(SearchParams.requiredId(call.query(), "manifestid"))
                                .thenApply(m -> Answers.ok(new Collection(call.href())
                                        .item(links.manifest(m.id()), "manifest", m))))))),
                path(PathMatchers.segment("manifest").slash("new").slash(), () -> post(() ->
                        calls.call(Permission.MANIFEST_NEW, Set.of(), service.settings().manifestBodyLimit(), call ->
                                formFieldOptional("manifest", mr -> calls.answer(call, () ->
                                        service.newManifest(mr.orElse("")).thenApply(m ->
                                                Answers.json(StatusCodes.CREATED, new Collection(call.href())
                                                        .item(links.manifest(m.id()), "manifest", m).toJson()))))))),
                path(PathMatchers.segment("manifest").slash("sign").slash(), () -> post(() ->
                        calls.call(Permission.MANIFEST_SIGN, Set.of(), call -> formFieldOptional("manifestid", id ->
                                formFieldOptional("signature", sig -> calls.answer(call, () ->
                                        service.sign(id(id), sig.orElse(""), call.investigator())
                                                .thenApply(m -> Answers.ok(new Collection(call.href()))))))))),
                path(PathMatchers.segment("manifest").slash("status").slash(), () -> post(() ->
                        calls.call(Permission.MANIFEST_STATUS, Set.of(), call -> formFieldOptional("manifestid", id ->
                                formFieldOptional("status", status -> calls.answer(call, () ->
                                        service.setManifestStatus(id(id), status.orElse(""))
                                                .thenApply(v -> Answers.ok(new Collection(call.href()))))))))),
                path(PathMatchers.segment("manifest").slash("loaders").slash(), () -> get(() ->
                        calls.call(Permission.MANIFEST_LOADERS, Set.of("manifestid"), call -> calls.answer(call, () ->
                                service.loadersOf(SearchParams.requiredId(call.query(), "manifestid")).thenApply(l -> {
                                    Collection c = new Collection(call.href());
                                    l.forEach(e -> c.item(links.loader(e.id()), "loader", e));
                                    return Answers.ok(c);
                                }))))));
    }

    private static long id(Optional<String> field) {
        return SearchParams.parseId("manifestid", field.orElseThrow(() ->
                new ApiError(StatusCodes.BAD_REQUEST, "missing form field 'manifestid'")));
    }
}
