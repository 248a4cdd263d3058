package io.gator.core.module;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.module.flag.FlagForm;
import java.util.Optional;

/**
 * One investigation module as agent, CLI and API see it: its name and description, its typed and validated
 * parameters, the flags it is launched with, and how its results are printed. Definitions are found through
 * {@link java.util.ServiceLoader} ({@link ModuleDefinitions}): each is listed in
 * {@code META-INF/services/io.gator.core.module.ModuleDefinition} and has a public no-argument constructor.
 * {@link AbstractModuleDefinition} holds the parts every definition has.
 *
 * @param <P> the module's parameter record
 */
public interface ModuleDefinition<P> {
    /** The module name used in operations (e.g. {@code file}). */
    String name();

    /** One sentence on what the module looks for, for help texts and forms. */
    String description();

    /** The parameter record type. */
    Class<P> parametersType();

    /** Parses and validates parameters as sent in an operation; throws {@link InvalidParametersException}. */
    P parse(JsonNode parameters);

    /** Parameters back to MIG's JSON shape. */
    JsonNode toJson(P parameters);

    /** The printer of this module's results. */
    ResultPrinter printer();

    /** The flags an investigator launches the module with; empty when it is not launched by hand. */
    Optional<FlagForm> flags();
}
