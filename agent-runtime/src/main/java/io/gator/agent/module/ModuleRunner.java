package io.gator.agent.module;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.command.Result;
import io.gator.core.module.InvalidParametersException;
import io.gator.core.module.ModuleDefinition;

/**
 * Runs one module on this host: plain, synchronous and interruptible. A runner never returns file or memory
 * contents, only what MIG's module returns (names, metadata, hashes).
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
