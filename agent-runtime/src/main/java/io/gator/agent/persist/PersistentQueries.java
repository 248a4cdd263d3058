package io.gator.agent.persist;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.agent.command.ModuleFailedException;
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

    /**
     * The module's answer; throws {@link ModuleFailedException} when the module is not running (MIG's "not
     * registered", which fails the operation). Blocks the calling (module) thread until it comes, the timeout or an interrupt. */
    public Result query(String module, JsonNode parameters) throws InterruptedException {
        Optional<Bound> b = bound.get();
        Result notRegistered = Result.failure(PersistentModules.notRegistered(module));
        if (b.isEmpty()) {
            throw new ModuleFailedException(notRegistered);
        }
        Bound h = b.get();
        try {
            Result r = AskPattern.<PersistentModules.Protocol, Result>ask(h.host(),
                            q -> new PersistentModules.Ask(module, parameters, q), h.timeout(), h.scheduler())
                    .toCompletableFuture().get(h.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            if (r.equals(notRegistered)) {
                throw new ModuleFailedException(r); // MIG fails the operation: the module could not run
            }
            return r;
        } catch (ExecutionException | TimeoutException e) {
            return Result.failure("module " + module + " did not answer within " + h.timeout().toMillis() + "ms");
        }
    }
}
