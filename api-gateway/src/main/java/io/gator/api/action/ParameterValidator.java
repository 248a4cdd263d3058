package io.gator.api.action;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/** Checks one operation's parameters for its module; modules hook their own validation in here. */
@FunctionalInterface
public interface ParameterValidator {
    ParameterValidator ACCEPT_ALL = (module, parameters) -> Optional.empty();

    /** Empty when the parameters are acceptable for the module, else what is wrong. */
    Optional<String> problem(String module, JsonNode parameters);
}
