package io.gator.agent.module;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import io.gator.core.command.Result;
import io.gator.core.module.InvalidParametersException;
import io.gator.core.module.ModuleDefinition;

/**
 * Runs one module on this host: plain, synchronous and interruptible. A runner never returns file or memory
 * contents, only what MIG's module returns (names, metadata, hashes).
 *
 * <p>Runners are found through {@link java.util.ServiceLoader}: each lists itself in
 * {@code META-INF/services/io.gator.agent.module.ModuleRunner} and has a public no-argument constructor giving it
 * its defaults; {@link #configured} applies the agent's settings ({@link ModuleRegistry#fromConfig}).
 *
 * @param <P> the module's parameter record (from its {@link ModuleDefinition})
 */
public interface ModuleRunner<P> {
    /** The shared definition (name, parameter parsing, printer). */
    ModuleDefinition<P> definition();

    default String name() {
        return definition().name();
    }

    /**
     * This runner with the agent's settings for it, {@code gator.agent.modules.<name>}; called only when that
     * section exists. Runners without settings keep the default, which returns itself.
     */
    default ModuleRunner<P> configured(Config section) {
        return this;
    }

    /**
     * Runs on validated parameters. Throws {@link ModuleCancelledException} when cancelled; every other failure
     * comes back as a result with {@code success=false} and the reason in {@code errors}.
     */
    Result run(P params, ModuleContext ctx);

    /** Parses, validates and runs; invalid parameters give a failed result naming the field. */
    default Result runJson(JsonNode parameters, ModuleContext ctx) {
        P p;
        try {
            p = definition().parse(parameters);
        } catch (InvalidParametersException e) {
            return Result.failure(e.getMessage());
        }
        return run(p, ctx);
    }
}
