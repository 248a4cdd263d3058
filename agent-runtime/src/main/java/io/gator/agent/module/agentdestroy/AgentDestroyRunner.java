package io.gator.agent.module.agentdestroy;

import io.gator.agent.module.ModuleContext;
import io.gator.agent.module.ModuleRunner;
import io.gator.core.command.Result;
import io.gator.core.module.ModuleDefinition;
import io.gator.core.module.agentdestroy.AgentDestroyModule;
import io.gator.core.module.agentdestroy.AgentDestroyParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * MIG's agentdestroy: kills an older agent instance. Refuses this process and its parent; the target's command
 * line must carry the expected version (MIG asked the target's binary for its version instead).
 */
public final class AgentDestroyRunner implements ModuleRunner<AgentDestroyParameters> {
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
        Optional<ProcessHandle> target = ProcessHandle.of(p.pid());
        if (target.isEmpty() || !target.get().isAlive()) {
            return Result.failure("PID '" + p.pid() + "' not found");
        }
        String cmdline = cmdline(p.pid());
        if (!cmdline.contains(p.version())) {
            return Result.failure("Version mismatch. Expected '" + p.version() + "', not found in the command line of PID '"
                    + p.pid() + "'");
        }
        ProcessHandle h = target.get();
        h.destroy();
        try {
            h.onExit().get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            h.destroyForcibly();
        }
        if (h.isAlive() && !h.destroyForcibly()) {
            return Result.failure("PID '" + p.pid() + "' not killed");
        }
        return new Result(true, true,
                com.fasterxml.jackson.databind.node.TextNode.valueOf(
                        "PID " + p.pid() + " from agent " + p.version() + " has been killed"),
                null, List.of());
    }

    static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("");
        }
    }
}
