package io.gator.platform.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.gator.core.json.MigJson;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * A man in the middle between a loader and the API (127.0.0.1 only): forwards every request and lets a test
 * rewrite the {@code manifest} or {@code content} the API answered, as an attacker on the path or a compromised
 * API node could.
 */
final class TamperingProxy implements AutoCloseable {
    private final HttpServer server;

    /**
     * @param manifest rewrites the manifest of {@code manifest/agent/} answers
     * @param content  rewrites the {@code data} (base64 of the gzip) of {@code manifest/fetch/} answers
     */
    TamperingProxy(String apiRoot, UnaryOperator<ObjectNode> manifest, UnaryOperator<String> content)
            throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(apiRoot
                        + exchange.getRequestURI().getRawPath()))
                        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
                for (String h : new String[] {"X-LOADERKEY", "Content-Type"}) {
                    String v = exchange.getRequestHeaders().getFirst(h);
                    if (v != null) {
                        req.header(h, v);
                    }
                }
                HttpResponse<String> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
                String answer = resp.body();
                if (resp.statusCode() == 200) {
                    answer = rewrite(answer, exchange.getRequestURI().getPath(), manifest, content);
                }
                byte[] out = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(resp.statusCode(), out.length);
                exchange.getResponseBody().write(out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    private static String rewrite(String answer, String path, UnaryOperator<ObjectNode> manifest,
                                  UnaryOperator<String> content) {
        JsonNode doc = MigJson.tree(answer);
        for (JsonNode item : doc.path("collection").path("items")) {
            for (JsonNode d : item.path("data")) {
                if (path.endsWith("/manifest/agent/") && d.path("name").asText().equals("manifest")) {
                    ((ObjectNode) d).set("value", manifest.apply((ObjectNode) d.get("value")));
                } else if (path.endsWith("/manifest/fetch/") && d.path("name").asText().equals("content")) {
                    ((ObjectNode) d.get("value")).put("data", content.apply(d.path("value").path("data").asText()));
                }
            }
        }
        return MigJson.write(doc);
    }

    /** The API root as the loader addresses it: http://127.0.0.1:port/api/v1/. */
    String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
