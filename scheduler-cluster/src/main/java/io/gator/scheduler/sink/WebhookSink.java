package io.gator.scheduler.sink;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** POSTs one run's records as JSON; any 2xx is delivered, anything else (or no answer) is retried by the caller. */
public final class WebhookSink implements Sink {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    private final URI url;
    private final Duration timeout;

    public WebhookSink(URI url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
    }

    @Override
    public void deliver(RunResults run, String orderName) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-Gator-Delivery", Long.toString(run.actionId()))
                .POST(HttpRequest.BodyPublishers.ofString(SinkRecords.webhookBody(run, orderName)))
                .build();
        HttpResponse<Void> resp = CLIENT.send(req, HttpResponse.BodyHandlers.discarding());
        if (resp.statusCode() / 100 != 2) {
            throw new IOException("webhook answered HTTP " + resp.statusCode());
        }
    }
}
