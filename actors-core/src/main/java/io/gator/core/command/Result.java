package io.gator.core.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.NullNode;
import io.gator.core.json.NilWhenEmpty;
import java.util.List;

/**
 * One operation's answer (MIG's {@code modules.Result}); all five keys are always written.
 * {@code elements} and {@code statistics} are module-specific trees, {@code null} when absent.
 */
@JsonPropertyOrder({"foundanything", "success", "elements", "statistics", "errors"})
public record Result(
        @JsonProperty("foundanything") boolean foundAnything,
        boolean success,
        JsonNode elements,
        JsonNode statistics,
        @JsonSerialize(using = NilWhenEmpty.class) List<String> errors) {

    public static final Result EMPTY = new Result(false, false, NullNode.getInstance(), NullNode.getInstance(), List.of());

    public Result {
        elements = elements == null ? NullNode.getInstance() : elements;
        statistics = statistics == null ? NullNode.getInstance() : statistics;
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** A failed operation with one error text. */
    public static Result failure(String error) {
        return new Result(false, false, NullNode.getInstance(), NullNode.getInstance(), List.of(error));
    }
}
