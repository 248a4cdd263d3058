package io.gator.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.json.MigJson;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** U+0000 is stored escaped, the same way in text and in JSON, and everything else is left as it is. */
class SqlNulTest {
    static final String BS = "\\";

    @Test
    void textWithoutNulIsTheSameStringAndANulBecomesItsSixCharacterEscape() {
        String plain = "find passwd";
        assertSame(plain, Sql.text(plain));
        assertEquals("a" + BS + "u0000b", Sql.text("a\0b"));
    }

    @Test
    void jsonWithANulReadsBackAsTheTextColumnWouldHoldIt() {
        String json = MigJson.write(Map.of("k\0", "v\0"));
        JsonNode back = MigJson.tree(Sql.json(json));
        assertEquals(Sql.text("v\0"), back.get(Sql.text("k\0")).asText());
        assertEquals(Sql.json(json), Sql.json(Sql.json(json)));
    }

    @Test
    void anEscapedBackslashBeforeU0000IsNotANulAndIsLeftAlone() {
        String json = "{\"a\":\"" + BS + BS + "u0000\"}";
        assertEquals(json, Sql.json(json));
        assertEquals(BS + "u0000", MigJson.tree(Sql.json(json)).get("a").asText());
    }
}
