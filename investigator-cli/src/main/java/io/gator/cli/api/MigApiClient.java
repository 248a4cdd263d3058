package io.gator.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.cli.sign.Signer;
import io.gator.core.action.Action;
import io.gator.core.agent.Agent;
import io.gator.core.command.Command;
import io.gator.core.id.IdGenerator;
import io.gator.core.json.MigJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A client of MIG's API v1 (and Gator's additions), as MIG's Go client talks to it: an
 * {@code X-PGPAUTHORIZATION} token per request (or an API key), form-encoded posts, the
 * collection+json envelope, one retry with a fresh token on 401.
 */
public final class MigApiClient {
    private static final DateTimeFormatter TOKEN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

    private final String baseUrl;
    private final Optional<Signer> signer;
    private final Optional<String> apiKey;
    private final String userAgent;

    public MigApiClient(String baseUrl, Optional<Signer> signer, Optional<String> apiKey, String version) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        this.signer = signer;
        this.apiKey = apiKey;
        this.userAgent = "MIG Client cmd-" + version;
    }

    /**
     * A fresh token: {@code 1;<UTC time>;<nonce>;<signature over "1;time;nonce\n">}. The nonce is random below
     * 2^53 (a number, as MIG's): MIG's process ID counter starts from the current second, so two CLI runs within
     * one second would send the same nonce and the API would refuse the second as replayed.
     */
    public String token() {
        long nonce = java.util.concurrent.ThreadLocalRandom.current().nextLong(1, IdGenerator.MAX_ID);
        String str = "1;" + ZonedDateTime.now(ZoneOffset.UTC).format(TOKEN_TIME) + ";" + nonce;
        try {
            return str + ";" + signer.orElseThrow().sign((str + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new ApiException(0, "cannot sign the API token: " + io.gator.cli.Problems.describe(e));
        }
    }

    /** GET a resource; answers the envelope, or throws with MIG's error message. */
    public JsonNode get(String path) {
        return send(path, null);
    }

    /** POST a form; answers the envelope. */
    public JsonNode postForm(String path, String field, String value) {
        return send(path, field + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    /** POST a form of several fields (in the map's order). */
    public JsonNode postForm(String path, java.util.Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return send(path, body.toString());
    }

    /** The client's user agent and credentials, a fresh token each time. */
    private java.util.Map<String, String> headers() {
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("User-Agent", userAgent);
        if (signer.isPresent()) {
            headers.put("X-PGPAUTHORIZATION", token());
        } else {
            apiKey.ifPresent(k -> headers.put("X-MIGAPIKEY", k));
        }
        return headers;
    }

    /**
     * Opens Gator's live event stream of an action, resuming after event {@code lastEventId} when positive.
     * Throws {@link ApiException} with the status when the server refuses it (404 or 405 from a server without
     * it, a stock MIG API among them).
     */
    public ActionStream stream(long actionId, long lastEventId) {
        for (int attempt = 0; ; attempt++) {
            java.util.Map<String, String> headers = headers();
            headers.put("Accept", "text/event-stream");
            if (lastEventId > 0) {
                headers.put("Last-Event-ID", Long.toString(lastEventId));
            }
            PlainHttp.Streaming resp;
            try {
                resp = PlainHttp.open(URI.create(baseUrl + "action/stream?actionid=" + actionId), headers,
                        Duration.ofSeconds(10));
            } catch (IOException | IllegalArgumentException e) {
                throw new ApiException(0, "cannot reach the API at " + baseUrl + ": " + io.gator.cli.Problems.describe(e));
            }
            if (resp.statusCode() == 200 && resp.contentType().startsWith("text/event-stream")) {
                return new ActionStream(resp.body(), resp.disconnect());
            }
            try (java.io.InputStream in = resp.body()) {
                in.readNBytes(64 * 1024); // let the connection be reused
            } catch (IOException e) {
                // the status is what matters
            }
            if (resp.statusCode() == 401 && attempt == 0 && signer.isPresent()) {
                continue;
            }
            throw new ApiException(resp.statusCode() == 200 ? 415 : resp.statusCode(),
                    "API answered " + resp.statusCode() + " " + resp.contentType() + " for the action stream");
        }
    }

    private JsonNode send(String path, String form) {
        for (int attempt = 0; ; attempt++) {
            java.util.Map<String, String> headers = headers();
            io.gator.cli.Trace.mark("token signed");
            PlainHttp.Response resp;
            try {
                resp = PlainHttp.exchange(URI.create(baseUrl + path), headers, Optional.ofNullable(form),
                        Duration.ofSeconds(10), Duration.ofSeconds(60));
            } catch (IOException | IllegalArgumentException e) {
                throw new ApiException(0, "cannot reach the API at " + baseUrl + ": " + io.gator.cli.Problems.describe(e));
            }
            io.gator.cli.Trace.mark("answered " + path.replaceFirst("\\?.*", ""));
            if (resp.statusCode() == 401 && attempt == 0 && signer.isPresent()) {
                continue; // MIG's client retries once with a fresh token
            }
            JsonNode body;
            try {
                body = MigJson.tree(resp.body());
            } catch (RuntimeException e) {
                throw new ApiException(resp.statusCode(), "API answered " + resp.statusCode() + " with a body that is not JSON: "
                        + abbreviate(resp.body()));
            }
            if (resp.statusCode() >= 300) {
                String msg = body.path("collection").path("error").path("message").asText("");
                throw new ApiException(resp.statusCode(), msg.isEmpty() ? "API answered " + resp.statusCode() : msg);
            }
            return body;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /** The values of every data entry named {@code name} in the envelope's items. */
    public static List<JsonNode> values(JsonNode envelope, String name) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode item : envelope.path("collection").path("items")) {
            for (JsonNode d : item.path("data")) {
                if (name.equals(d.path("name").asText())) {
                    out.add(d.path("value"));
                }
            }
        }
        return out;
    }

    /** Agents a target reaches (MIG's EvaluateAgentTarget). */
    public List<Agent> agentsByTarget(String target) {
        return agentValues(target).stream().map(v -> MigJson.mapper().convertValue(v, Agent.class)).toList();
    }

    /**
     * How many agents a target reaches: {@link #agentsByTarget}'s size without reading each answer as an
     * {@link Agent} (the launch only prints the count, and building Jackson's agent reader costs a short-lived CLI
     * tens of milliseconds).
     */
    public int countAgents(String target) {
        return agentValues(target).size();
    }

    private List<JsonNode> agentValues(String target) {
        try {
            return values(get("search?type=agent&limit=1000000&target=" + URLEncoder.encode(target, StandardCharsets.UTF_8)),
                    "agent");
        } catch (ApiException e) {
            if (e.status() == 404) {
                return List.of();
            }
            throw e;
        }
    }

    /** Posts a signed action; answers the stored action (with its id). */
    public Action createAction(Action action) {
        return createAction(action, false);
    }

    /** As above; {@code lateReach} adds Gator's {@code latereach=true} form field (never sent when off). */
    public Action createAction(Action action, boolean lateReach) {
        return createAction(action, lateReach, 0, 0);
    }

    /**
     * As above; {@code pace} and {@code inFlight} add Gator's {@code pace} and {@code inflight} form fields (commands
     * per second, commands in flight at most), each sent only when set (above 0).
     */
    public Action createAction(Action action, boolean lateReach, int pace, int inFlight) {
        java.util.Map<String, String> form = new java.util.LinkedHashMap<>();
        form.put("action", MigJson.write(action));
        if (lateReach) {
            form.put("latereach", "true");
        }
        if (pace > 0) {
            form.put("pace", Integer.toString(pace));
        }
        if (inFlight > 0) {
            form.put("inflight", Integer.toString(inFlight));
        }
        JsonNode env = postForm("action/create/", form);
        for (JsonNode item : env.path("collection").path("items")) {
            for (JsonNode d : item.path("data")) {
                if (d.path("name").asText().startsWith("action")) {
                    return MigJson.mapper().convertValue(d.path("value"), Action.class);
                }
            }
        }
        throw new ApiException(0, "the API did not return the created action");
    }

    /** The action as the API has it now. */
    public Action action(long id) {
        return values(get("action?actionid=" + id), "action").stream().findFirst()
                .map(v -> MigJson.mapper().convertValue(v, Action.class))
                .orElseThrow(() -> new ApiException(404, "action " + id + " not found"));
    }

    /** One page of commands of an action (MIG pages by 37); empty when the API says "no results found". */
    public List<Command> commands(long actionId, int limit, int offset, String extraQuery) {
        try {
            JsonNode env = get("search?type=command&limit=" + limit + "&offset=" + offset + "&actionid=" + actionId + extraQuery);
            return values(env, "command").stream().map(v -> MigJson.mapper().convertValue(v, Command.class)).toList();
        } catch (ApiException e) {
            if (e.status() == 404) {
                return List.of();
            }
            throw e;
        }
    }
}
