package io.gator.agent.command;

import io.gator.core.action.Operation;
import io.gator.core.command.Command;
import io.gator.core.command.CommandStatus;
import io.gator.core.command.Result;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One actor per verified command: spawns one {@link OperationRunner} per operation, gathers their
 * answers in operation order, and answers its parent with the finished command. Status as MIG:
 * {@code failed} if any operation failed, else {@code timeout} if any timed out, else {@code success}.
 */
public final class CommandRunner {

    /** The finished command (results filled, status set). */
    public record CommandFinished(long ticket, Command command) {}

    private CommandRunner() {}

    /**
     * What every command of an agent runs with; shared by all commands of an agent.
     *
     * @param maxParameterBytes largest decompressed parameters of an operation
     */
    public record Resources(ModuleInvoker invoker, ExecutorService blocking, Duration moduleTimeout, Clock clock,
                          int maxParameterBytes) {}

    public static Behavior<OperationRunner.OperationDone> create(long ticket, Command command, Resources rt,
                                                              ActorRef<CommandFinished> replyTo) {
        return Behaviors.setup(ctx -> {
            List<Operation> ops = command.action().operations();
            // MIG cuts a module at min(moduletimeout, expireafter - now).
            Duration untilExpiry = Duration.between(OffsetDateTime.now(rt.clock()), command.action().expireAfter());
            Duration timeout = untilExpiry.compareTo(rt.moduleTimeout()) < 0 && !untilExpiry.isNegative()
                    ? untilExpiry : rt.moduleTimeout();
            for (int i = 0; i < ops.size(); i++) {
                ctx.spawn(OperationRunner.create(i, ops.get(i), rt.invoker(), rt.blocking(), timeout,
                                rt.maxParameterBytes(), ctx.getSelf()),
                        "op-" + i);
            }
            Result[] results = new Result[ops.size()];
            OperationRunner.Outcome[] outcomes = new OperationRunner.Outcome[ops.size()];
            int[] pending = {ops.size()};
            return Behaviors.receive(OperationRunner.OperationDone.class)
                    .onMessage(OperationRunner.OperationDone.class, done -> {
                        if (results[done.index()] == null) {
                            results[done.index()] = done.result();
                            outcomes[done.index()] = done.outcome();
                            pending[0]--;
                        }
                        if (pending[0] > 0) {
                            return Behaviors.same();
                        }
                        replyTo.tell(new CommandFinished(ticket, command.answered(status(outcomes),
                                new ArrayList<>(Arrays.asList(results)))));
                        return Behaviors.stopped();
                    })
                    .build();
        });
    }

    static String status(OperationRunner.Outcome[] outcomes) {
        boolean timeout = false;
        for (OperationRunner.Outcome o : outcomes) {
            if (o == OperationRunner.Outcome.FAILED) {
                return CommandStatus.FAILED;
            }
            timeout |= o == OperationRunner.Outcome.TIMEOUT;
        }
        return timeout ? CommandStatus.TIMEOUT : CommandStatus.SUCCESS;
    }
}
