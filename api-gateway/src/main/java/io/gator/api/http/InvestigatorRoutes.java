package io.gator.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.api.auth.ApiKeys;
import io.gator.api.auth.Permission;
import io.gator.api.auth.PublicKeys;
import io.gator.api.backend.ApiBackend;
import io.gator.api.backend.InvestigatorUpdate;
import io.gator.api.backend.NewInvestigator;
import io.gator.api.backend.NotFoundException;
import io.gator.core.investigator.Permissions;
import io.gator.core.json.MigJson;
import io.gator.core.json.MigJsonException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/** Investigators: read one, create, update (status, permissions, API key); and a public key by fingerprint. */
final class InvestigatorRoutes extends AllDirectives {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    /** The investigators table's limits: name VARCHAR(1024), publickey VARCHAR(65536) holding base64 (4/3). */
    private static final int MAX_INVESTIGATOR_NAME = 1024;
    private static final int MAX_ARMORED_KEY = 65536 / 4 * 3;
    private static final Pattern HEX_FINGERPRINT = Pattern.compile("[0-9A-Fa-f]{1,64}");
    private static final Set<String> PERMISSION_NAMES = Set.of("search", "action", "action_create", "command",
            "agent", "dashboard", "loader", "loader_status", "loader_expect", "loader_key", "loader_new", "manifest",
            "manifest_sign", "manifest_status", "manifest_new", "manifest_loaders", "investigator",
            "investigator_create", "investigator_update");

    private final ApiBackend backend;
    private final Calls calls;
    private final Answers answers;
    private final Links links;

    InvestigatorRoutes(ApiBackend backend, Calls calls, Answers answers, Links links) {
        this.backend = backend;
        this.calls = calls;
        this.answers = answers;
        this.links = links;
    }

    Route route() {
        return concat(
                path("investigator", () -> get(() -> calls.call(Permission.INVESTIGATOR, Set.of("investigatorid"),
                        call -> calls.answer(call, () -> investigator(call))))),
                path(PathMatchers.segment("investigator").slash("create").slash(), () -> post(() ->
                        calls.call(Permission.INVESTIGATOR_CREATE, Set.of(), call ->
                                formFieldOptional("name", name -> formFieldOptional("permissions", perms ->
                                        formFieldOptional("publickey", key -> calls.answer(call, () ->
                                                create(call, name, perms, key)))))))),
                path(PathMatchers.segment("investigator").slash("update").slash(), () -> post(() ->
                        calls.call(Permission.INVESTIGATOR_UPDATE, Set.of(), call ->
                                formFieldOptional("id", id -> formFieldOptional("status", status ->
                                        formFieldOptional("permissions", perms -> formFieldOptional("apikey", apikey ->
                                                calls.answer(call, () -> update(call, id, status, perms, apikey))))))))),
                path(PathMatchers.segment("publickey").slash(PathMatchers.segment()), fp -> get(() -> publicKey(fp))));
    }

    private CompletionStage<HttpResponse> investigator(Call call) {
        long id = SearchParams.requiredId(call.query(), "investigatorid");
        return backend.investigator(id).thenApply(found -> found
                .map(i -> Answers.ok(new Collection(call.href()).item(links.investigator(i.id()),
                        List.of(new Collection.Data("investigator", i)),
                        List.of(new Collection.Link("investigator history",
                                links.base() + "/search?type=action&investigatorid=" + i.id() + "&limit=100")))))
                .orElseThrow(() -> new NotFoundException("Investigator ID '" + id + "' not found")));
    }

    private CompletionStage<HttpResponse> create(Call call, Optional<String> nameField, Optional<String> permsField,
                                                 Optional<String> keyField) {
        String name = nameField.map(String::trim).orElse("");
        if (name.isEmpty()) {
            throw new ApiError(StatusCodes.BAD_REQUEST, "missing investigator name in form field 'name'");
        }
        Permissions perms = permsField.map(InvestigatorRoutes::permissions).orElse(Permissions.INVESTIGATOR);
        String armored = keyField.orElseThrow(() ->
                new ApiError(StatusCodes.BAD_REQUEST, "missing armored public key in form field 'publickey'"));
        if (name.length() > MAX_INVESTIGATOR_NAME) {
            throw new ApiError(StatusCodes.BAD_REQUEST, "investigator name is longer than " + MAX_INVESTIGATOR_NAME
                    + " characters");
        }
        if (armored.length() > MAX_ARMORED_KEY) {
            throw new ApiError(StatusCodes.BAD_REQUEST, "public key is longer than " + MAX_ARMORED_KEY + " characters");
        }
        String fingerprint = PublicKeys.fingerprint(armored);
        return backend.createInvestigator(new NewInvestigator(name, fingerprint, armored, perms)).thenApply(inv -> {
            LOG.info("investigator {} '{}' ({}) created by {}", inv.id(), inv.name(), fingerprint,
                    call.investigator().name());
            return Answers.json(StatusCodes.CREATED, new Collection(call.href())
                    .item(links.investigator(inv.id()), "Investigator ID " + inv.id(), inv).toJson());
        });
    }

    private CompletionStage<HttpResponse> update(Call call, Optional<String> idField, Optional<String> status,
                                                 Optional<String> permsField, Optional<String> apiKeyMode) {
        long id = SearchParams.parseId("id", idField.orElseThrow(() ->
                new ApiError(StatusCodes.BAD_REQUEST, "missing form field 'id' (the investigator ID)")));
        status.ifPresent(s -> {
            if (!s.equals("active") && !s.equals("disabled")) {
                throw new ApiError(StatusCodes.BAD_REQUEST, "status must be 'active' or 'disabled', got '" + s + "'");
            }
        });
        Optional<Permissions> perms = permsField.map(InvestigatorRoutes::permissions);
        Optional<ApiKeys.Generated> generated = Optional.empty();
        Optional<InvestigatorUpdate.ApiKeyChange> keyChange = Optional.empty();
        if (apiKeyMode.isPresent()) {
            switch (apiKeyMode.get()) {
                case "active" -> {
                    ApiKeys.Generated g = ApiKeys.generate();
                    generated = Optional.of(g);
                    keyChange = Optional.of(new InvestigatorUpdate.ApiKeyChange.Set(g.hash(), g.salt(), g.lookup()));
                }
                case "disabled" -> keyChange = Optional.of(new InvestigatorUpdate.ApiKeyChange.Remove());
                default -> throw new ApiError(StatusCodes.BAD_REQUEST,
                        "apikey must be 'active' or 'disabled', got '" + apiKeyMode.get() + "'");
            }
        }
        if (status.isEmpty() && perms.isEmpty() && keyChange.isEmpty()) {
            throw new ApiError(StatusCodes.BAD_REQUEST, "nothing to update: give status, permissions or apikey");
        }
        Optional<ApiKeys.Generated> shown = generated;
        return backend.updateInvestigator(new InvestigatorUpdate(id, status, perms, keyChange)).thenApply(inv -> {
            LOG.info("investigator {} '{}' updated by {}", inv.id(), inv.name(), call.investigator().name());
            ObjectNode value = MigJson.mapper().valueToTree(inv);
            shown.ifPresent(g -> value.put("apikey", g.key()));
            return Answers.ok(new Collection(call.href()).item(links.investigator(inv.id()),
                    "Investigator ID " + inv.id(), value));
        });
    }

    private static Permissions permissions(String json) {
        JsonNode tree;
        try {
            tree = MigJson.tree(json);
        } catch (MigJsonException e) {
            throw new ApiError(StatusCodes.BAD_REQUEST, "malformed permissions JSON: " + e.getMessage());
        }
        if (!tree.isObject()) {
            throw new ApiError(StatusCodes.BAD_REQUEST, "permissions must be a JSON object of booleans");
        }
        for (var it = tree.fields(); it.hasNext(); ) {
            var f = it.next();
            if (!PERMISSION_NAMES.contains(f.getKey())) {
                throw new ApiError(StatusCodes.BAD_REQUEST, "unknown permission '" + f.getKey() + "'");
            }
            if (!f.getValue().isBoolean()) {
                throw new ApiError(StatusCodes.BAD_REQUEST, "permission '" + f.getKey() + "' must be true or false");
            }
        }
        return MigJson.mapper().convertValue(tree, Permissions.class);
    }

    /** Open: agents and investigators fetch keys by fingerprint; answers in plain text as MIG's. */
    private Route publicKey(String fingerprint) {
        if (!HEX_FINGERPRINT.matcher(fingerprint).matches()) {
            return complete(HttpResponse.create().withStatus(StatusCodes.BAD_REQUEST).withEntity(HttpEntities.create(
                    ContentTypes.TEXT_PLAIN_UTF8, "a key fingerprint is up to 64 hexadecimal digits")));
        }
        return completeWithFuture(answers.withTimeout(backend.investigatorByFingerprint(fingerprint)).thenApply(found -> found
                .filter(i -> !i.publicKey().isEmpty())
                .map(i -> HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8,
                        Base64.getDecoder().decode(i.publicKey()))))
                .orElse(HttpResponse.create().withStatus(StatusCodes.NOT_FOUND).withEntity(HttpEntities.create(
                        ContentTypes.TEXT_PLAIN_UTF8, "no public key found for fingerprint " + fingerprint))))
                .exceptionally(t -> {
                    boolean down = Answers.isUnavailable(Answers.unwrap(t));
                    HttpResponse r = HttpResponse.create()
                            .withStatus(down ? StatusCodes.SERVICE_UNAVAILABLE : StatusCodes.INTERNAL_SERVER_ERROR)
                            .withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8,
                                    down ? "platform not reachable, retry later" : "internal error"));
                    return down ? r.addHeader(answers.retryAfter()) : r;
                }));
    }
}
