package io.gator.agent.loader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gator.core.testing.Fixtures;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for MIG's API on 127.0.0.1 that answers the loader's two routes with MIG's own answers, taken from
 * the captured exchanges of a real mig-loader ({@code mig-wire/loader-runner/http/}), and records every request.
 */
final class LoaderApiDouble implements AutoCloseable {
    /** A request as received. */
    record Received(String method, String path, String loaderKey, String contentType, String form, JsonNode parameters) {
        String object() {
            return parameters == null ? null : parameters.path("object").asText();
        }
    }

    private record Answer(int status, byte[] body) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> fetches = new ConcurrentHashMap<>();
    private volatile Answer manifest = new Answer(500, new byte[0]);

    LoaderApiDouble() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/", this::handle);
        server.start();
    }

    String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/";
    }

    /** Answers as MIG's API answered in one captured loader run: its manifest answer and each fetched file. */
    LoaderApiDouble replay(String capture) throws Exception {
        MigHttpCapture c = MigHttpCapture.read(Fixtures.path("mig-wire/loader-runner/http/" + capture + ".raw"));
        MigHttpCapture.Exchange m = c.to("/manifest/agent/").get(0);
        manifest = new Answer(m.status(), m.responseBody());
        for (MigHttpCapture.Exchange f : c.to("/manifest/fetch/")) {
            fetches.put(parameters(f.requestText()).path("object").asText(), new Answer(f.status(), f.responseBody()));
        }
        return this;
    }

    /** The fetch answer of one object taken from another capture (e.g. the tampering proxy's). */
    LoaderApiDouble fetchFrom(String capture, String object) throws Exception {
        MigHttpCapture c = MigHttpCapture.read(Fixtures.path("mig-wire/loader-runner/http/" + capture + ".raw"));
        for (MigHttpCapture.Exchange f : c.to("/manifest/fetch/")) {
            if (parameters(f.requestText()).path("object").asText().equals(object)) {
                fetches.put(object, new Answer(f.status(), f.responseBody()));
                return this;
            }
        }
        throw new AssertionError(capture + " fetched no " + object);
    }

    void answerManifest(int status, String body) {
        manifest = new Answer(status, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Serves a file as MIG's API does: {@code {"name":"content","value":{"data":<base64 of its gzip>}}}. */
    void answerFile(String object, byte[] content) {
        answerFetch(object, 200, "{\"collection\":{\"version\":\"1.0\",\"items\":[{\"data\":[{\"name\":"
                + "\"content\",\"value\":{\"data\":\"" + io.gator.core.manifest.ManifestArchive.fetchData(content)
                + "\"}}]}]}}");
    }

    void answerFetch(String object, int status, String body) {
        fetches.put(object, new Answer(status, body.getBytes(StandardCharsets.UTF_8)));
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> fetched() {
        return received.stream().filter(r -> r.path().endsWith("/manifest/fetch/")).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getPath();
        JsonNode params = form.startsWith("parameters=") ? parameters(form) : null;
        received.add(new Received(ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("X-Loaderkey"),
                ex.getRequestHeaders().getFirst("Content-Type"), form, params));
        Answer a;
        if (path.endsWith("/manifest/agent/")) {
            a = manifest;
        } else if (path.endsWith("/manifest/fetch/")) {
            a = params == null ? null : fetches.get(params.path("object").asText());
        } else if (path.endsWith("/ip")) {
            a = new Answer(200, "127.0.0.1".getBytes(StandardCharsets.US_ASCII));
        } else {
            a = null;
        }
        if (a == null) {
            a = new Answer(404, "{\"collection\":{\"error\":{\"message\":\"not in the capture\"}}}"
                    .getBytes(StandardCharsets.UTF_8));
        }
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
        try (var out = ex.getResponseBody()) {
            out.write(a.body());
        }
    }

    private static JsonNode parameters(String form) {
        try {
            return new ObjectMapper().readTree(URLDecoder.decode(form.substring("parameters=".length()),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("not a parameters form: " + form, e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
