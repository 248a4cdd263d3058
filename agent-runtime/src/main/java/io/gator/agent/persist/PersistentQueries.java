package io.gator.agent.persist;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.command.Result;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * How the agent's module threads reach the persistent-module host: bound by the guardian once the host runs, empty
 * before and when persistent modules are off (then every query answers MIG's "not registered").
 */
public final class PersistentQueries {
    private record Bound(ActorRef<PersistentModules.Protocol> host, Scheduler scheduler, Duration timeout) {}

    private final AtomicReference<Optional<Bound>> bound = new AtomicReference<>(Optional.empty());

    public void bind(ActorRef<PersistentModules.Protocol> host, Scheduler scheduler, Duration timeout) {
        bound.set(Optional.of(new Bound(host, scheduler, timeout)));
    }

    /** The module's answer; blocks the calling (module) thread until it comes, the timeout or an interrupt. */
    public Result query(String module, JsonNode parameters) throws InterruptedException {
        Optional<Bound> b = bound.get();
        if (b.isEmpty()) {
            return Result.failure(PersistentModules.notRegistered(module));
        }
        Bound h = b.get();
        try {
            return AskPattern.<PersistentModules.Protocol, Result>ask(h.host(),
                            r -> new PersistentModules.Ask(module, parameters, r), h.timeout(), h.scheduler())
                    .toCompletableFuture().get(h.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return Result.failure("module " + module + " did not answer within " + h.timeout().toMillis() + "ms");
        }
    }
}
