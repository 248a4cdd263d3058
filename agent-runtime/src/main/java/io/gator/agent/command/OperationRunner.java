package io.gator.agent.command;

import io.gator.agent.module.LimitExceededException;
import io.gator.core.action.Compression;
import io.gator.core.action.Operation;
import io.gator.core.command.Result;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One actor per operation: runs the module on the blocking executor and answers its parent exactly
 * once, with the module's result, its failure, or a timeout after which the module thread is
 * interrupted. The actor stops after answering.
 */
public final class OperationRunner {

    /** How the operation ended. */
    public enum Outcome { SUCCESS, FAILED, TIMEOUT }

    /** The answer to the parent. */
    public record OperationDone(int index, Outcome outcome, Result result) {}

    sealed interface Protocol permits Finished, TimedOut {}

    private record Finished(Result result, Throwable error) implements Protocol {}

    private enum TimedOut implements Protocol { INSTANCE }

    private OperationRunner() {}

    public static Behavior<Protocol> create(int index, Operation operation, ModuleInvoker invoker, ExecutorService blocking,
                                       Duration timeout, int maxParameterBytes, ActorRef<OperationDone> replyTo) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            CompletableFuture<Result> done = new CompletableFuture<>();
            Future<?> task = blocking.submit(() -> {
                try {
                    done.complete(invoker.invoke(operation.module(),
                            Compression.parameters(operation, maxParameterBytes)));
                } catch (Throwable t) {
                    done.completeExceptionally(t);
                }
            });
            ctx.pipeToSelf(done, Finished::new);
            timers.startSingleTimer(TimedOut.INSTANCE, timeout);
            return Behaviors.receive(Protocol.class)
                    .onMessage(Finished.class, f -> {
                        if (f.error() != null) {
                            Throwable cause = f.error() instanceof CompletionException && f.error().getCause() != null
                                    ? f.error().getCause() : f.error();
                            String text = cause.getMessage() == null ? cause.toString() : cause.getMessage();
                            // a limit's message already says which module stopped and why
                            replyTo.tell(new OperationDone(index, Outcome.FAILED, cause instanceof ModuleFailedException m
                                    ? m.result() : cause instanceof LimitExceededException ? Result.failure(text)
                                    : Result.failure("module " + operation.module() + " failed: " + text)));
                        } else {
                            replyTo.tell(new OperationDone(index, Outcome.SUCCESS, f.result()));
                        }
                        return Behaviors.stopped();
                    })
                    .onMessageEquals(TimedOut.INSTANCE, () -> {
                        task.cancel(true); // interrupts the module's thread
                        replyTo.tell(new OperationDone(index, Outcome.TIMEOUT, Result.failure(
                                "module " + operation.module() + " timed out after " + timeout.toMillis() + "ms")));
                        return Behaviors.stopped();
                    })
                    .build();
        }));
    }
}
