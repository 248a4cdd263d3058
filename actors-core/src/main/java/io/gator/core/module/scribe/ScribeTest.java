package io.gator.core.module.scribe;

import java.util.List;

/**
 * A test of a document: an evaluator applied to every value of an object. The evaluator is the first one set of
 * {@code evr}, {@code regexp}, {@code exactMatch}; none means every value is true.
 *
 * @param ifs            tests whose master result must be true for this one's to be
 * @param expectedResult and {@code expectError}: carried for the document's author, not used by the module
 */
public record ScribeTest(String test, String name, String object, String description, EvrTest evr, String regexp,
        String exactMatch, List<TestTag> tags, List<String> ifs, boolean expectedResult, boolean expectError) {
    public ScribeTest {
        test = test == null ? "" : test;
        name = name == null ? "" : name;
        object = object == null ? "" : object;
        description = description == null ? "" : description;
        evr = evr == null ? EvrTest.EMPTY : evr;
        regexp = regexp == null ? "" : regexp;
        exactMatch = exactMatch == null ? "" : exactMatch;
        tags = tags == null ? List.of() : List.copyOf(tags);
        ifs = ifs == null ? List.of() : List.copyOf(ifs);
    }
}
