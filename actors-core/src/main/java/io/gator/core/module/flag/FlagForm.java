package io.gator.core.module.flag;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Function;

/**
 * The flags a module is launched with (MIG's {@code ParamsParser}) and how their values become the operation's
 * parameters.
 *
 * @param toParameters throws {@link InvalidFlagException} naming a bad value
 */
public record FlagForm(List<Flag> flags, Function<FlagValues, JsonNode> toParameters) {
    public FlagForm {
        flags = List.copyOf(flags);
    }

    /** The operation's parameters from the given values; {@link InvalidFlagException} names a bad one. */
    public JsonNode parameters(FlagValues values) {
        return toParameters.apply(values);
    }
}
