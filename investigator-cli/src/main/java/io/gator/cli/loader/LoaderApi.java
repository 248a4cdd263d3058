package io.gator.cli.loader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.cli.api.ApiException;
import io.gator.cli.api.MigApiClient;
import io.gator.core.json.MigJson;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MIG's loader and manifest endpoints, with MIG's forms: a {@code loader=} or {@code manifest=} JSON record for new
 * entries, {@code loaderid=}/{@code manifestid=} with one value for the rest; answers are the records as the API
 * sends them ({@code loader} and {@code manifest} data entries).
 */
public final class LoaderApi {
    private final MigApiClient api;

    public LoaderApi(MigApiClient api) {
        this.api = api;
    }

    /** The loader entry ({@code key} empty: the API shows it only on creation and on a new key). */
    public JsonNode loader(long id) {
        return one(api.get("loader?loaderid=" + id), "loader", "loader " + id);
    }

    /** Creates a loader entry (disabled, as MIG creates it); answers it with its prefix and key. */
    public JsonNode newLoader(String name, String expectEnv) {
        ObjectNode le = MigJson.mapper().createObjectNode();
        le.put("id", 0).put("name", name).put("prefix", "").put("key", "").put("agentname", "")
                .put("lastseen", "0001-01-01T00:00:00Z").put("enabled", false).put("expectenv", expectEnv);
        return one(api.postForm("loader/new/", "loader", le.toString()), "loader", "the new loader");
    }

    /** Enables or disables the entry (MIG: anything but {@code enabled} disables). */
    public void loaderStatus(long id, boolean enabled) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("loaderid", Long.toString(id));
        form.put("status", enabled ? "enabled" : "disabled");
        api.postForm("loader/status/", form);
    }

    /** A new key for the entry; answers the entry with its prefix and new key. */
    public JsonNode newKey(long id) {
        return one(api.postForm("loader/key/", "loaderid", Long.toString(id)), "loader", "loader " + id);
    }

    /** Sets the environment the loader must report (an empty one clears it), MIG's field order. */
    public void expectEnv(long id, String expectEnv) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("expectenv", expectEnv);
        form.put("loaderid", Long.toString(id));
        api.postForm("loader/expect/", form);
    }

    /** The manifest record, its content (base64 of the tar.gz) included. */
    public JsonNode manifest(long id) {
        return one(api.get("manifest?manifestid=" + id), "manifest", "manifest " + id);
    }

    /** Posts a new record (stored {@code staged}); answers the API's item, if it sent one. */
    public JsonNode newManifest(String name, String target, String base64Content) {
        ObjectNode mr = MigJson.mapper().createObjectNode();
        mr.put("id", 0).put("name", name).put("content", base64Content).put("timestamp", "0001-01-01T00:00:00Z")
                .put("status", "staged").put("target", target).putNull("signatures");
        JsonNode env = api.postForm("manifest/new/", "manifest", mr.toString());
        return MigApiClient.values(env, "manifest").stream().findFirst().orElse(MigJson.mapper().createObjectNode());
    }

    /** Adds one investigator's signature of the manifest's signed string. */
    public void sign(long id, String signature) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("manifestid", Long.toString(id));
        form.put("signature", signature);
        api.postForm("manifest/sign/", form);
    }

    /** {@code disabled}, or {@code staged} (MIG's reset: signatures dropped); {@code active} comes from signing. */
    public void manifestStatus(long id, String status) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("manifestid", Long.toString(id));
        form.put("status", status);
        api.postForm("manifest/status/", form);
    }

    /** The loader entries the manifest's target matches; none when the API says there are none. */
    public List<JsonNode> manifestLoaders(long id) {
        return orNone(() -> MigApiClient.values(api.get("manifest/loaders/?manifestid=" + id), "loader"));
    }

    /** {@code search?type=loader|manifest} with the given keys; none when the API finds none. */
    public List<JsonNode> search(String type, Map<String, String> params) {
        StringBuilder q = new StringBuilder("search?type=" + type);
        params.forEach((k, v) -> q.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return orNone(() -> MigApiClient.values(api.get(q.toString()), type));
    }

    private static List<JsonNode> orNone(java.util.function.Supplier<List<JsonNode>> call) {
        try {
            return call.get();
        } catch (ApiException e) {
            if (e.status() == 404) {
                return List.of();
            }
            throw e;
        }
    }

    private static JsonNode one(JsonNode envelope, String name, String what) {
        return MigApiClient.values(envelope, name).stream().findFirst()
                .orElseThrow(() -> new ApiException(404, "the API sent no " + what));
    }
}
