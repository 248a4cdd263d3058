package io.gator.agent.module.hog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gator.core.module.AbstractModuleDefinition;
import io.gator.core.module.InvalidParametersException;
import io.gator.core.module.ParamReader;
import java.util.List;

/** A module that exists only in tests to exceed the agent's limits: it burns CPU, allocates, or sleeps. */
public final class HogModule extends AbstractModuleDefinition<HogModule.Hog> {
    public static final HogModule INSTANCE = new HogModule();

    /** What to waste, and how much: CPU milliseconds ("cpu"), MiB allocated ("memory"), milliseconds asleep ("sleep"). */
    public record Hog(String waste, long amount) {}

    public HogModule() {
        super("hog", "Wastes CPU, memory or time (tests only).", Hog.class, (result, foundOnly) -> List.of("hog"));
    }

    @Override
    public Hog parse(JsonNode parameters) {
        JsonNode p = ParamReader.object(parameters, "parameters");
        String waste = ParamReader.string(p, "waste", "");
        if (!List.of("cpu", "memory", "sleep").contains(waste)) {
            throw new InvalidParametersException("waste", "is not cpu, memory or sleep");
        }
        return new Hog(waste, p.path("amount").asLong(1000));
    }

    @Override
    public JsonNode toJson(Hog h) {
        return JsonNodeFactory.instance.objectNode().put("waste", h.waste()).put("amount", h.amount());
    }

    /** Parameters for {@code waste} of {@code amount}. */
    public static JsonNode params(String waste, long amount) {
        return INSTANCE.toJson(new Hog(waste, amount));
    }
}
