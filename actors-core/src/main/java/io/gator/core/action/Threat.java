package io.gator.core.action;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/** What an action looks for; every field is optional (MIG: omitempty). */
@JsonInclude(Include.NON_EMPTY)
public record Threat(String ref, String level, String family, String type) {
    public static final Threat EMPTY = new Threat("", "", "", "");

    public Threat {
        ref = ref == null ? "" : ref;
        level = level == null ? "" : level;
        family = family == null ? "" : family;
        type = type == null ? "" : type;
    }
}
