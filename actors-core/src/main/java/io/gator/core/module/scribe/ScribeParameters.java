package io.gator.core.module.scribe;

/**
 * The scribe module's parameters.
 *
 * @param onlyTrue    report only tests whose master result is true
 * @param humanOutput and {@code jsonOutput}: how the results are printed (human wins)
 */
public record ScribeParameters(ScribeDocument document, boolean onlyTrue, boolean humanOutput, boolean jsonOutput) {
    public ScribeParameters {
        document = document == null ? ScribeDocument.EMPTY : document;
    }
}
