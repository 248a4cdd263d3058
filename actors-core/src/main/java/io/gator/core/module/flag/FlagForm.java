package io.gator.core.module.flag;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The flags a module is launched with (MIG's {@code ParamsParser}) and how their values become the operation's
 * parameters.
 *
 * @param toParameters throws {@link InvalidFlagException} naming a bad value
 * @param help         MIG's help text for {@code mig MODULE help}; a form that has one is read as MIG reads it,
 *                     with Go's flag syntax (the first argument that is not a flag ends the flags, and a refused
 *                     flag is followed by the listing of the flags). A {@link Flag.Kind#VALUE} flag's label is
 *                     then its Go type ({@code int}, {@code string}).
 * @param helpWithoutArguments the help is also given when no argument (or an empty first one) is, as some of MIG's
 *                     modules do instead of sending their empty parameters
 */
public record FlagForm(List<Flag> flags, Function<FlagValues, JsonNode> toParameters, Optional<String> help,
        boolean helpWithoutArguments) {
    public FlagForm {
        flags = List.copyOf(flags);
    }

    public FlagForm(List<Flag> flags, Function<FlagValues, JsonNode> toParameters, Optional<String> help) {
        this(flags, toParameters, help, false);
    }

    public FlagForm(List<Flag> flags, Function<FlagValues, JsonNode> toParameters) {
        this(flags, toParameters, Optional.empty());
    }

    /** A form read with MIG's own (Go) flag syntax, with MIG's help text. */
    public static FlagForm mig(List<Flag> flags, Function<FlagValues, JsonNode> toParameters, String help) {
        return new FlagForm(flags, toParameters, Optional.of(help));
    }

    /** As {@link #mig}, the help also given for no arguments at all (MIG's {@code yara}, {@code scribe}). */
    public static FlagForm migHelpWithoutArguments(List<Flag> flags, Function<FlagValues, JsonNode> toParameters,
            String help) {
        return new FlagForm(flags, toParameters, Optional.of(help), true);
    }

    /** The operation's parameters from the given values; {@link InvalidFlagException} names a bad one. */
    public JsonNode parameters(FlagValues values) {
        return toParameters.apply(values);
    }
}
