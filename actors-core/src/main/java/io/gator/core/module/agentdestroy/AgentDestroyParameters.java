package io.gator.core.module.agentdestroy;

/** The agentdestroy module's parameters: the PID of an older agent and the version it must run. */
public record AgentDestroyParameters(long pid, String version) {
    public AgentDestroyParameters {
        version = version == null ? "" : version;
    }
}
