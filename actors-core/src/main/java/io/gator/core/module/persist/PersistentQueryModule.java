package io.gator.core.module.persist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gator.core.command.Result;
import io.gator.core.module.AbstractModuleDefinition;
import io.gator.core.module.flag.FlagForm;
import java.util.ArrayList;
import java.util.List;

/**
 * A query to a persistent module (MIG's fswatch, audit, dispatch): the module runs on the agent all the time and
 * an operation naming it asks whether it is healthy. Parameters are ignored, as MIG's (its CLI sends {@code {}}
 * whatever the arguments); the answer's elements are {@code {"ok":bool}}.
 */
public abstract class PersistentQueryModule extends AbstractModuleDefinition<PersistentQuery> {

    protected PersistentQueryModule(String name, String description) {
        super(name, description, PersistentQuery.class, PersistentQueryModule::print,
                new FlagForm(List.of(), values -> JsonNodeFactory.instance.objectNode()));
    }

    @Override
    public PersistentQuery parse(JsonNode parameters) {
        return new PersistentQuery(parameters);
    }

    @Override
    public JsonNode toJson(PersistentQuery parameters) {
        return parameters.raw();
    }

    /** The answer of a healthy running module. */
    public static Result ok() {
        return new Result(true, true, JsonNodeFactory.instance.objectNode().put("ok", true), null, List.of());
    }

    /** MIG's printer of these modules: {@code ok:<bool>}, then the errors unless only found items are printed. */
    public static List<String> print(Result result, boolean foundOnly) {
        List<String> lines = new ArrayList<>();
        lines.add("ok:" + result.elements().path("ok").asBoolean(false));
        if (!foundOnly) {
            lines.addAll(result.errors());
        }
        return lines;
    }
}
