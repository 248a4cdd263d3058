package io.gator.agent.module.agentdestroy;

/** A harmless stand-in for an agent process: sleeps a minute. */
public final class Sleeper {
    private Sleeper() {}

    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(60_000);
    }
}
