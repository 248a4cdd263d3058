package io.gator.agent.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.command.Result;

/**
 * Runs one operation's module synchronously on the calling thread. Implementations must stop
 * promptly when the thread is interrupted: that is how the agent enforces a module timeout.
 */
@FunctionalInterface
public interface ModuleInvoker {
    /** The module's result; an exception means the module failed (its message is reported). */
    Result invoke(String module, JsonNode parameters) throws Exception;
}
