package io.gator.scheduler.action;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A selector double: every target selects the given agents; targets containing ';' or "--" are refused. */
public final class FakeSelector implements AgentSelector {
    private final List<TargetAgent> agents;
    private final boolean failSelect;

    public FakeSelector(List<TargetAgent> agents, boolean failSelect) {
        this.agents = agents;
        this.failSelect = failSelect;
    }

    public static FakeSelector of(int n) {
        List<TargetAgent> l = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            l.add(new TargetAgent(i, "host" + i, "linux.q" + i, "daemon", "1.0", 100 + i));
        }
        return new FakeSelector(l, false);
    }

    @Override
    public void validate(String target) {
        if (target.contains(";") || target.contains("--")) {
            throw new IllegalArgumentException("unexpected character in target at '" + target + "'");
        }
    }

    @Override
    public CompletionStage<List<TargetAgent>> select(String target) {
        return failSelect ? CompletableFuture.failedFuture(new IllegalStateException("agents table unreachable"))
                : CompletableFuture.completedFuture(agents);
    }
}
