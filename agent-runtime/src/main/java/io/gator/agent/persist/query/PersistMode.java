package io.gator.agent.persist.query;

import io.gator.agent.module.ModuleRegistry;
import io.gator.agent.module.ModuleRunner;
import io.gator.core.json.GoJson;
import java.io.PrintStream;
import java.util.Optional;

/**
 * MIG's {@code mig-agent -P <module>} (the agent starting a persistent module as a subprocess). Gator's persistent
 * modules run inside the agent service instead, so this only answers as MIG does when the module is unknown or not
 * persistent, with MIG's {@code log} message on standard output and exit 0.
 */
public final class PersistMode {
    private PersistMode() {}

    /** Prints the log message; returns the exit code. */
    public static int run(String module, ModuleRegistry registry, PrintStream out) {
        Optional<ModuleRunner<?>> runner = registry.find(module);
        String message = runner.isEmpty() ? "module \"" + module + "\" is not available"
                : runner.get() instanceof PersistentQueryRunner
                ? "module \"" + module + "\" runs inside the agent service (gator agent), not as a -P process"
                : "module \"" + module + "\" does not support persistence";
        StringBuilder sb = new StringBuilder("{\"class\":\"log\",\"parameters\":{\"message\":");
        GoJson.writeString(message, sb);
        out.print(sb.append("}}"));
        out.flush();
        return 0;
    }
}
