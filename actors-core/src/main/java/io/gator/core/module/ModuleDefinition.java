package io.gator.core.module;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One investigation module as both agent and CLI see it: its name, its typed and validated parameters,
 * and how its results are printed.
 *
 * @param <P> the module's parameter record
 */
public interface ModuleDefinition<P> {
    /** The module name used in operations (e.g. {@code file}). */
    String name();

    /** The parameter record type. */
    Class<P> parametersType();

    /** Parses and validates parameters as sent in an operation; throws {@link InvalidParametersException}. */
    P parse(JsonNode parameters);

    /** Parameters back to MIG's JSON shape. */
    JsonNode toJson(P parameters);

    /** The printer of this module's results. */
    ResultPrinter printer();
}
