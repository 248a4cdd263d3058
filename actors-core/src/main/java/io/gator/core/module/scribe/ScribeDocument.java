package io.gator.core.module.scribe;

import java.util.List;
import java.util.Optional;

/** A scribe document: variables, objects (sources of values) and tests (criteria on the objects' values). */
public record ScribeDocument(List<Variable> variables, List<ScribeObject> objects, List<ScribeTest> tests) {
    public static final ScribeDocument EMPTY = new ScribeDocument(List.of(), List.of(), List.of());

    public ScribeDocument {
        variables = variables == null ? List.of() : List.copyOf(variables);
        objects = objects == null ? List.of() : List.copyOf(objects);
        tests = tests == null ? List.of() : List.copyOf(tests);
    }

    /** The first object of that name. */
    public Optional<ScribeObject> object(String name) {
        return objects.stream().filter(o -> o.object().equals(name)).findFirst();
    }

    /** The first test of that identifier. */
    public Optional<ScribeTest> test(String id) {
        return tests.stream().filter(t -> t.test().equals(id)).findFirst();
    }
}
