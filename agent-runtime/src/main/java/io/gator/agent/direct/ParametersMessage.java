package io.gator.agent.direct;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.json.MigJson;
import java.io.IOException;
import java.io.InputStream;

/**
 * MIG's module input message, {@code {"class":"parameters","parameters":...}}, read from a stream whose size is
 * checked before anything is parsed (a huge input must not exhaust the agent's small heap).
 */
final class ParametersMessage {
    private ParametersMessage() {}

    /** The parameters; {@link IllegalArgumentException} naming what is wrong with the input. */
    static JsonNode read(InputStream in, int maxBytes) throws IOException {
        byte[] bytes = in.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw new IllegalArgumentException("parameters larger than " + maxBytes + " bytes");
        }
        JsonNode message;
        try {
            message = MigJson.mapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("ReadInputParameters() -> " + e.getOriginalMessage(), e);
        }
        if (message == null || !message.isObject()) {
            throw new IllegalArgumentException("ReadInputParameters() -> the input is not a JSON object");
        }
        if (!"parameters".equals(message.path("class").asText())) {
            throw new IllegalArgumentException("ReadInputParameters() -> unexpected message class '"
                    + message.path("class").asText() + "', expected 'parameters'");
        }
        return message.path("parameters");
    }
}
