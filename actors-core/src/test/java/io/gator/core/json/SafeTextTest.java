package io.gator.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SafeTextTest {
    static Optional<String> in(String json) {
        return SafeText.problemInJson(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void jsonWithANulOrALoneSurrogateInAValueOrAFieldNameIsNamedAsUnstorable() {
        assertTrue(in("{\"name\":\"a\\u0000\"}").orElseThrow().contains("U+0000"));
        assertTrue(in("{\"tags\":{\"k\\ud800\":\"v\"}}").orElseThrow().contains("unpaired surrogate"));
        String lone = in("{\"env\":{\"os\":\"\\udc00x\"}}").orElseThrow();
        assertTrue(lone.startsWith("os: ") && lone.contains("unpaired surrogate"), lone);
    }

    @Test
    void storableJsonAndJsonThatDoesNotParseAreNotReported() {
        assertEquals(Optional.empty(), in("{\"name\":\"a\\\\u0000 \\ud83d\\ude00 é\",\"n\":[1,\"x\"]}"));
        assertEquals(Optional.empty(), in("{\"name\":"));
    }
}
