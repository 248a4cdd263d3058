package io.gator.agent.module.agentdestroy;

import com.fasterxml.jackson.databind.node.TextNode;
import io.gator.agent.module.ModuleContext;
import io.gator.agent.module.ModuleRunner;
import io.gator.core.command.Result;
import io.gator.core.module.ModuleDefinition;
import io.gator.core.module.agentdestroy.AgentDestroyModule;
import io.gator.core.module.agentdestroy.AgentDestroyParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * MIG's agentdestroy: kills an older instance of this agent. It kills only a process that is provably one (see
 * {@link AgentInstallation}: the same Java executable running this installation's agent jar or main class, as the
 * same user, started before this agent), never this process or its parent, and refuses whenever that cannot be
 * established. The order's {@code version} is reported, not trusted: any process can carry any text.
 */
public final class AgentDestroyRunner implements ModuleRunner<AgentDestroyParameters> {
    private final Supplier<AgentInstallation> installation;

    /** Recognises agents of the installation this process runs from. */
    public AgentDestroyRunner() {
        this(() -> {
            try {
                return AgentInstallation.current();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Recognises agents of the given installation (tests). */
    AgentDestroyRunner(Supplier<AgentInstallation> installation) {
        this.installation = installation;
    }

    @Override
    public ModuleDefinition<AgentDestroyParameters> definition() {
        return AgentDestroyModule.INSTANCE;
    }

    @Override
    public Result run(AgentDestroyParameters p, ModuleContext ctx) {
        ProcessHandle me = ProcessHandle.current();
        if (p.pid() == me.pid() || me.parent().map(ProcessHandle::pid).orElse(-1L) == p.pid()) {
            return Result.failure("PID '" + p.pid() + "' is mine. Refusing to suicide.");
        }
        // The handle pins the process (its start time): should the pid be reused meanwhile, destroy() fails.
        Optional<ProcessHandle> target = ProcessHandle.of(p.pid());
        if (target.isEmpty() || !target.get().isAlive()) {
            return Result.failure("PID '" + p.pid() + "' not found");
        }
        Optional<String> why;
        try {
            why = installation.get().whyNotAnAgent(target.get());
        } catch (RuntimeException e) {
            why = Optional.of("this agent's own installation cannot be established (" + e.getMessage() + ")");
        }
        if (why.isPresent()) {
            return Result.failure("PID '" + p.pid() + "' is not an older agent of this installation, not killed: "
                    + why.get());
        }
        ProcessHandle h = target.get();
        h.destroy();
        try {
            h.onExit().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            h.destroyForcibly();
        }
        if (h.isAlive() && !h.destroyForcibly()) {
            return Result.failure("PID '" + p.pid() + "' not killed");
        }
        return new Result(true, true, TextNode.valueOf("PID " + p.pid() + " from agent " + p.version()
                + " has been killed"), null, List.of());
    }
}
