package io.gator.core.module.scribe;

import java.util.List;

/**
 * The result of one test (scribe's {@code TestResult}): its master result is true when one value was and every
 * test it depends on is; an error leaves no sub-results.
 */
public record TestResult(String testId, String name, String description, List<TestTag> tags, boolean isError,
        String error, boolean masterResult, boolean hasTrueResults, List<SubResult> results) {
    public TestResult {
        testId = testId == null ? "" : testId;
        name = name == null ? "" : name;
        description = description == null ? "" : description;
        tags = tags == null ? List.of() : List.copyOf(tags);
        error = error == null ? "" : error;
        results = results == null ? List.of() : List.copyOf(results);
    }

    /** A test that could not be evaluated. */
    public static TestResult error(ScribeTest t, String error) {
        return new TestResult(t.test(), t.name(), t.description(), t.tags(), true, error, false, false, List.of());
    }
}
