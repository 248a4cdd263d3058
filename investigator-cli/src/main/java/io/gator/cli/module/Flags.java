package io.gator.cli.module;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks shared by the module flag parsers. */
final class Flags {
    private Flags() {}

    /** MIG refuses a bad regular expression before launch, naming it; a leading '!' negates and is not part of it. */
    static void regexes(List<String> values) {
        for (String v : values) {
            String re = v.startsWith("!") ? v.substring(1) : v;
            try {
                Pattern.compile(re);
            } catch (PatternSyntaxException e) {
                throw new InvalidFlagException("Invalid regexp '" + v + "'. Must be a regexp. Compilation failed with '"
                        + e.getDescription() + " near index " + e.getIndex() + "'");
            }
        }
    }

    static void matching(List<String> values, String regex, String what) {
        for (String v : values) {
            if (!v.matches(regex)) {
                throw new InvalidFlagException("Invalid " + what + " '" + v + "'");
            }
        }
    }

    /** Sets {@code key} to the values as a JSON array, unless there are none (MIG omits empty lists). */
    static void putIfAny(ObjectNode o, String key, List<String> values) {
        if (!values.isEmpty()) {
            o.set(key, array(values));
        }
    }

    static ArrayNode array(List<String> values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        values.forEach(a::add);
        return a;
    }
}
