package io.gator.agent.persist.audit;

import java.util.List;

/** Kernel rules ready to load, and the rules skipped on the way ({@code skipping rule: ...}). */
public record CompiledRules(List<KernelRule> rules, List<String> warnings) {
    public CompiledRules {
        rules = List.copyOf(rules);
        warnings = List.copyOf(warnings);
    }
}
