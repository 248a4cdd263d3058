package io.gator.cli.module;

import com.fasterxml.jackson.databind.JsonNode;

/** A module's CLI flags (MIG's ParamsParser): validated, then turned into the operation's parameters. */
public interface ModuleFlags {
    /** The module name on the wire. */
    String module();

    /** The parameters; throws {@link InvalidFlagException} naming a bad value. */
    JsonNode parameters();
}
