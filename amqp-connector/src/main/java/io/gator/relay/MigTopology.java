package io.gator.relay;

/** MIG's exchange, queue and routing-key names, exactly as MIG agents and schedulers declare and use them. */
public final class MigTopology {
    /** Direct exchange carrying commands to agents. */
    public static final String TO_AGENTS = "toagents";
    /** Direct exchange carrying heartbeats and results to schedulers. */
    public static final String TO_SCHEDULERS = "toschedulers";
    /** Queue and routing key of finished commands. */
    public static final String RESULTS = "mig.agt.results";
    /** Queue and routing key of legacy AMQP heartbeats. */
    public static final String HEARTBEATS = "mig.agt.heartbeats";
    /** Prefix of every agent queue: {@code mig.agt.<queueloc>}. */
    public static final String AGENT_QUEUE_PREFIX = "mig.agt.";
    /** MIG's content type for every message. */
    public static final String CONTENT_TYPE = "text/plain";

    private MigTopology() {}

    /** The queue (and routing key) of one agent. */
    public static String agentQueue(String queueLoc) {
        return AGENT_QUEUE_PREFIX + queueLoc;
    }
}
