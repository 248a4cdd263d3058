package io.gator.core.module.scribe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;

/**
 * scribe's {@code LoadDocument}: a document file's bytes, JSON when it starts with {@code {} or {@code [}
 * (after leading blanks), YAML otherwise, decoded and checked; refusals in scribe's (and Go's decoders') words.
 */
public final class DocumentLoader {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    /** Decimals keep their digits ({@code 1.10}), as yaml.v2 gives a scalar's text to a string field. */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();

    private DocumentLoader() {}

    /** A refused document, with the text MIG's {@code mig} prints after {@code error: }. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    public static ScribeDocument load(byte[] bytes) throws Refused {
        String text = new String(bytes, StandardCharsets.UTF_8).replaceFirst("^[ \n\t]+", "");
        int size = text.getBytes(StandardCharsets.UTF_8).length;
        if (size < 10) {
            throw new Refused("the document is too small to be valid (" + size + " bytes)");
        }
        boolean json = text.charAt(0) == '{' || text.charAt(0) == '[';
        JsonNode tree;
        try {
            tree = json ? JSON.readTree(text) : YAML.readTree(text);
        } catch (JsonProcessingException e) {
            String m = e.getOriginalMessage();
            if (json && m.contains("end-of-input")) {
                m = "unexpected end of JSON input";
            }
            throw new Refused((json ? "" : "yaml: ") + m);
        }
        ScribeDocument d;
        try {
            d = DocumentDecoder.document(tree == null ? JSON.nullNode() : tree, json);
        } catch (DocumentDecoder.TypeError e) {
            throw new Refused(e.getMessage());
        }
        var problem = DocumentValidator.problem(d);
        if (problem.isPresent()) {
            throw new Refused(problem.get());
        }
        return d;
    }
}
