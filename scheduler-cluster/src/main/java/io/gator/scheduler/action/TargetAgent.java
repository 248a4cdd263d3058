package io.gator.scheduler.action;

import io.gator.core.agent.Agent;

/**
 * The part of an agent row frozen in TargetsResolved: enough to address the agent and fill a
 * Command's agent (agents read only those fields), small enough for 10,000 per event.
 */
public record TargetAgent(long agentId, String name, String queueLoc, String mode, String version, long pid) {
    public TargetAgent {
        name = name == null ? "" : name;
        queueLoc = queueLoc == null ? "" : queueLoc;
        mode = mode == null ? "" : mode;
        version = version == null ? "" : version;
    }

    public static TargetAgent of(Agent a) {
        return new TargetAgent(a.id(), a.name(), a.queueLoc(), a.mode(), a.version(), a.pid());
    }

    /** The agent as written into a Command. */
    public Agent toAgent() {
        return Agent.of(name, queueLoc).withId(agentId).withMode(mode).withProcess(version, pid).withStatus("online");
    }
}
