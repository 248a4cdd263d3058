package io.gator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gator.core.json.MigJson;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A stand-in for the API over real HTTP: each path (without query) answers what its handler returns; every
 * request is recorded. Unknown paths answer 404 with MIG's error envelope.
 */
final class FakeApi implements AutoCloseable {
    /** A recorded request: method, path with query, decoded form fields. */
    record Request(String method, String pathAndQuery, Map<String, String> form) {}

    /** What a handler answers. */
    record Reply(int status, JsonNode body) {}

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final HttpServer server;
    private final Map<String, Function<Request, Reply>> handlers = new java.util.concurrent.ConcurrentHashMap<>();
    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    FakeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/";
    }

    /** A HOCON .migrc naming this API and an API key (no signing needed). */
    Path migrc(Path dir) throws IOException {
        return Files.writeString(dir.resolve("migrc"), "api.url = \"" + url() + "\"\napi.key = \"k\"\n");
    }

    /** An answer that is not MIG's envelope (an event stream): status, content type, body. */
    record RawReply(int status, String contentType, String body) {}

    private final Map<String, java.util.function.BiFunction<Request, com.sun.net.httpserver.Headers, RawReply>> raw =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Answers {@code path} with a raw body; the handler also sees the request headers. */
    FakeApi onRaw(String path, java.util.function.BiFunction<Request, com.sun.net.httpserver.Headers, RawReply> h) {
        raw.put(path, h);
        return this;
    }

    FakeApi on(String path, Function<Request, Reply> handler) {
        handlers.put(path, handler);
        return this;
    }

    List<Request> requests(String pathPrefix) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.pathAndQuery().startsWith(pathPrefix)).toList();
        }
    }

    /** MIG's collection+json envelope with one item per value, each a data entry named {@code name}. */
    static JsonNode items(String name, List<? extends JsonNode> values) {
        ObjectNode env = F.objectNode();
        ArrayNode items = env.putObject("collection").putArray("items");
        for (JsonNode v : values) {
            ObjectNode d = F.objectNode().put("name", name);
            d.set("value", v);
            items.addObject().putArray("data").add(d);
        }
        return env;
    }

    static Reply ok(JsonNode body) {
        return new Reply(200, body);
    }

    static Reply error(int status, String message) {
        ObjectNode env = F.objectNode();
        env.putObject("collection").putObject("error").put("message", message);
        return new Reply(status, env);
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> form = new LinkedHashMap<>();
        if (!body.isEmpty()) {
            for (String kv : body.split("&")) {
                int eq = kv.indexOf('=');
                form.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String full = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? ""
                : "?" + ex.getRequestURI().getRawQuery());
        String path = ex.getRequestURI().getPath().substring("/api/v1/".length());
        Request req = new Request(ex.getRequestMethod(), path + (full.contains("?") ? full.substring(full.indexOf('?'))
                : ""), form);
        requests.add(req);
        var rh = raw.get(path);
        if (rh != null) {
            RawReply rr = rh.apply(req, ex.getRequestHeaders());
            byte[] out = rr.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", rr.contentType());
            ex.sendResponseHeaders(rr.status(), out.length);
            ex.getResponseBody().write(out);
            ex.close();
            return;
        }
        Function<Request, Reply> h = handlers.get(path);
        Reply r = h == null ? error(404, "no results found") : h.apply(req);
        byte[] out = MigJson.write(r.body()).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(r.status(), out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
