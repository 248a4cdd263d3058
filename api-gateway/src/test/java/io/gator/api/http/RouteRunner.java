package io.gator.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.gator.core.json.MigJson;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.Route;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Runs a directive under test as the API runs it (failures answered in MIG's envelope), without a socket:
 * the request goes straight to the route's handler.
 */
final class RouteRunner extends AllDirectives implements AutoCloseable {
    final ApiSettings settings = ApiSettings.fromConfig(ConfigFactory.load());
    final Answers answers = new Answers(settings, Clock.systemUTC());
    final Links links = new Links(settings);
    private final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "route-test");

    /** The answer of {@code route} to {@code request}, as status and body. */
    Result run(Route route, HttpRequest request) {
        Route handled = handleExceptions(ExceptionHandler.newBuilder()
                .matchAny(t -> complete(answers.failure("test", t))).build(), () -> route);
        try {
            HttpResponse r = handled.handler(system).apply(request).toCompletableFuture().get(10, TimeUnit.SECONDS);
            byte[] body = r.entity().toStrict(5000, system).toCompletableFuture().get(10, TimeUnit.SECONDS)
                    .getData().toArray();
            return new Result(r.status().intValue(), new String(body, StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A status and body; the error message when the body is MIG's envelope. */
    record Result(int status, String body) {
        String errorMessage() {
            JsonNode tree = MigJson.tree(body);
            return tree.path("collection").path("error").path("message").asText();
        }
    }

    @Override
    public void close() {
        system.terminate();
    }
}
