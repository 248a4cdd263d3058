package io.gator.api.http;

import io.gator.core.json.SafeText;
import org.apache.pekko.http.javadsl.model.StatusCodes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Named text fields as a caller sends them (query parameters, form fields): the first value of each name counts. */
final class Fields {
    private Fields() {}

    static Map<String, String> firstValues(List<Map.Entry<String, String>> fields) {
        Map<String, String> out = new LinkedHashMap<>();
        fields.forEach(e -> out.putIfAbsent(e.getKey(), e.getValue()));
        return out;
    }

    /** Every text a caller sends may reach PostgreSQL, which refuses NUL: a clear 400 naming the field. */
    static void refuseUnstorable(Map<String, String> fields, String what) {
        fields.forEach((k, v) -> SafeText.problem(k).or(() -> SafeText.problem(v)).ifPresent(p -> {
            throw new ApiError(StatusCodes.BAD_REQUEST, what + " '" + printable(k) + "' " + p);
        }));
    }

    static String printable(String s) {
        return s.replace("\0", "\\0");
    }
}
