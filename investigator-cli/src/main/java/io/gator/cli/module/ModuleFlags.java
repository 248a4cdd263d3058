package io.gator.cli.module;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.module.flag.FlagForm;
import io.gator.core.module.flag.FlagValues;
import io.gator.core.module.flag.InvalidFlagException;

/** A module's flags as given on the command line (MIG's ParamsParser input). */
public record ModuleFlags(String module, FlagForm form, FlagValues values) {
    /** The operation's parameters; throws {@link InvalidFlagException} naming a bad value. */
    public JsonNode parameters() {
        return form.parameters(values);
    }
}
