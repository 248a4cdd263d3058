package io.gator.core.investigator;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** MIG's per-investigator permission bits, in MIG's JSON order. */
@JsonPropertyOrder({"search", "action", "action_create", "command", "agent", "dashboard", "loader",
        "loader_status", "loader_expect", "loader_key", "loader_new", "manifest", "manifest_sign",
        "manifest_status", "manifest_new", "manifest_loaders", "investigator", "investigator_create",
        "investigator_update"})
public record Permissions(
        boolean search, boolean action,
        @JsonProperty("action_create") boolean actionCreate,
        boolean command, boolean agent, boolean dashboard, boolean loader,
        @JsonProperty("loader_status") boolean loaderStatus,
        @JsonProperty("loader_expect") boolean loaderExpect,
        @JsonProperty("loader_key") boolean loaderKey,
        @JsonProperty("loader_new") boolean loaderNew,
        boolean manifest,
        @JsonProperty("manifest_sign") boolean manifestSign,
        @JsonProperty("manifest_status") boolean manifestStatus,
        @JsonProperty("manifest_new") boolean manifestNew,
        @JsonProperty("manifest_loaders") boolean manifestLoaders,
        boolean investigator,
        @JsonProperty("investigator_create") boolean investigatorCreate,
        @JsonProperty("investigator_update") boolean investigatorUpdate) {

    public static final Permissions NONE = new Permissions(false, false, false, false, false, false, false,
            false, false, false, false, false, false, false, false, false, false, false, false);
    public static final Permissions ALL = new Permissions(true, true, true, true, true, true, true, true,
            true, true, true, true, true, true, true, true, true, true, true);
    /** MIG's default set for a new non-admin investigator: search, read and launch actions. */
    public static final Permissions INVESTIGATOR = new Permissions(true, true, true, true, true, true, false,
            false, false, false, false, false, false, false, false, false, false, false, false);
}
