package io.gator.core.action;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * One module invocation. {@code parameters} is kept as a generic JSON tree: it is module-specific,
 * and the signature covers its Go re-encoding, which typed records could not reproduce.
 * When compressed, it is a JSON string holding base64(gzip(parameters JSON)).
 */
@JsonPropertyOrder({"module", "parameters", "is_compressed", "want_compressed"})
public record Operation(
        String module,
        JsonNode parameters,
        @JsonProperty("is_compressed") @JsonInclude(Include.NON_DEFAULT) boolean isCompressed,
        @JsonProperty("want_compressed") @JsonInclude(Include.NON_DEFAULT) boolean wantCompressed) {

    public Operation {
        module = module == null ? "" : module;
        parameters = parameters == null ? NullNode.getInstance() : parameters;
    }

    public Operation(String module, JsonNode parameters) {
        this(module, parameters, false, false);
    }
}
