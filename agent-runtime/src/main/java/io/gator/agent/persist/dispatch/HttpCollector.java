package io.gator.agent.persist.dispatch;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** POSTs records to the collector's URL with the JDK's HTTP client, one thread of its own, HTTP/1.1 as MIG. */
final class HttpCollector implements AutoCloseable {
    private final URI url;
    private final Duration timeout;
    private final ExecutorService executor;
    private final HttpClient client;

    HttpCollector(URI url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gator-dispatch-http");
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).executor(executor).build();
    }

    /** Sends one body; completes with the response status, or fails with the transport error. */
    CompletionStage<Integer> post(String body) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    /**
     * A transport error as MIG logs it after {@code http post: }: {@code Post "<url>": <reason>}, the reason being
     * the innermost cause that says something (the JDK's client often wraps it in exceptions without a message).
     */
    String describe(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        // the JDK's client throws a bare ConnectException when the collector refuses the connection
        String reason = e instanceof ConnectException ? "ConnectException: connection refused"
                : e.getClass().getSimpleName();
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                reason = c.getClass().getSimpleName() + ": " + c.getMessage();
            }
        }
        return "Post \"" + url + "\": " + reason;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
