package io.gator.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Test vectors for Go's encoding/json, as MIG re-encodes operations before signing. */
class GoJsonTest {

    private static String go(String json) {
        return GoJson.write(MigJson.tree(json));
    }

    @Test
    void objectKeysAreSortedAtEveryLevel() {
        assertEquals("{\"a\":{\"x\":1,\"y\":2},\"b\":[{\"c\":1,\"d\":2}]}",
                go("{\"b\":[{\"d\":2,\"c\":1}],\"a\":{\"y\":2,\"x\":1}}"));
    }

    @Test
    void keysSortByUtf8BytesNotUtf16Units() {
        // U+FF21 (EF BC A1) sorts before U+1F600 (F0 9F 98 80) in UTF-8, after it in UTF-16.
        assertEquals("{\"\uFF21\":1,\"\uD83D\uDE00\":2}", go("{\"\uD83D\uDE00\":2,\"\uFF21\":1}"));
    }

    @Test
    void htmlCharactersAndLineSeparatorsAreEscaped() {
        assertEquals("\"\\u003cscript\\u003e \\u0026 \\u2028\\u2029\"", go("\"<script> & \u2028\u2029\""));
    }

    @Test
    void controlCharactersQuotesAndBackslashes() {
        assertEquals("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001\\u001f\\u0008\\u000c\"",
                go("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001\\u001f\\b\\f\""));
    }

    @Test
    void nonAsciiTextIsWrittenRaw() {
        assertEquals("\"héllo 日本 😀 /\"", go("\"h\\u00e9llo 日本 \\ud83d\\ude00 \\/\""));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1|1", "1.0|1", "-0.0|-0", "0|0", "1000000|1000000", "1e6|1000000", "100.5|100.5",
            "0.000001|0.000001", "0.0000001|1e-7", "1e-10|1e-10", "123456789012345678|123456789012345680",
            "1e20|100000000000000000000", "1e21|1e+21", "1.5e300|1.5e+300", "12345678901234567890|12345678901234567000",
            "0.1|0.1", "3.14159|3.14159", "2.5e-7|2.5e-7", "6400000000000001|6400000000000001",
            "9007199254740993|9007199254740992", "-42|-42"})
    void numbersArePrintedAsGoFloat64(String in, String expected) {
        assertEquals(expected, go(in));
    }

    @Test
    void nestedArraysMapsNullsAndEmpties() {
        assertEquals("{\"a\":[[1,2],[]],\"b\":{},\"c\":null,\"d\":[{\"z\":true,\"y\":false}],\"e\":\"\"}"
                        .replace("{\"z\":true,\"y\":false}", "{\"y\":false,\"z\":true}"),
                go("{\"e\":\"\",\"d\":[{\"z\":true,\"y\":false}],\"c\":null,\"b\":{},\"a\":[[1,2],[]]}"));
    }

    @Test
    void emptyParametersAndCompressedParametersEncodeAsGoDoes() {
        assertEquals("{}", go("{}"));
        assertEquals("\"H4sIAAAAAAAA/6pW\"", go("\"H4sIAAAAAAAA/6pW\""));
    }

    @Test
    void nonFiniteNumbersAreRefused() {
        assertThrows(MigJsonException.class, () -> GoJson.formatFloat(Double.NaN));
    }
}
