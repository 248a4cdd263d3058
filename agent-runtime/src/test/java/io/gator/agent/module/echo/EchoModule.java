package io.gator.agent.module.echo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gator.core.command.Result;
import io.gator.core.module.AbstractModuleDefinition;
import io.gator.core.module.InvalidParametersException;
import io.gator.core.module.ParamReader;
import java.util.List;

/**
 * A module that exists only in agent-runtime's tests, registered by its services lines alone: it proves a module
 * needs no list edited anywhere. It answers with the text it was given.
 */
public final class EchoModule extends AbstractModuleDefinition<EchoParameters> {
    public static final EchoModule INSTANCE = new EchoModule();

    public EchoModule() {
        super("echo", "Answers with the text it is given (tests only).", EchoParameters.class,
                (result, foundOnly) -> List.of("echo " + result.elements().path("echo").asText()));
    }

    @Override
    public EchoParameters parse(JsonNode parameters) {
        String text = ParamReader.string(ParamReader.object(parameters, "parameters"), "text", "");
        if (text.isEmpty()) {
            throw new InvalidParametersException("text", "is empty");
        }
        return new EchoParameters(text);
    }

    @Override
    public JsonNode toJson(EchoParameters p) {
        return JsonNodeFactory.instance.objectNode().put("text", p.text());
    }

    static Result answer(String text) {
        return new Result(true, true, JsonNodeFactory.instance.objectNode().put("echo", text), null, List.of());
    }
}
