package io.gator.core.module.scribe;

import java.util.ArrayList;
import java.util.List;

/** scribe's two text forms of a test result: the extended (human) form and one line per result and value. */
final class ResultText {
    private ResultText() {}

    /** scribe's {@code TestResult.String()}: several lines in one string. */
    static String human(TestResult r) {
        List<String> lines = new ArrayList<>();
        lines.add(r.name().isEmpty() ? "result for \"" + r.testId() + "\""
                : "result for \"" + r.name() + "\" (" + r.testId() + ")");
        if (!r.description().isEmpty()) {
            lines.add("\tdescription: " + r.description());
        }
        if (r.masterResult()) {
            lines.add("\tmaster result: true");
        } else {
            lines.add("\tmaster result: false" + (r.hasTrueResults() ? ", has true results, failure caused by dependency" : ""));
        }
        r.tags().forEach(t -> lines.add("\ttag: " + t.key() + ": " + t.value()));
        if (r.isError()) {
            lines.add("\t[error] error: " + r.error());
        }
        r.results().forEach(s -> lines.add("\t[" + s.result() + "] identifier: \"" + s.identifier() + "\""));
        return String.join("\n", lines);
    }

    /** scribe's {@code SingleLineResults()}: the master line, then one line per value. */
    static List<String> singleLines(TestResult r) {
        List<String> lines = new ArrayList<>();
        String name = r.name().isEmpty() ? r.testId() : r.name();
        String master = r.isError() ? "[error]" : "[" + r.masterResult() + "]";
        lines.add("master " + master + " name:\"" + name + "\" id:\"" + r.testId() + "\" hastrue:" + r.hasTrueResults()
                + " error:\"" + r.error() + "\"");
        for (SubResult s : r.results()) {
            lines.add("sub [" + s.result() + "] name:\"" + name + "\" id:\"" + r.testId() + "\" identifier:\""
                    + s.identifier() + "\"");
        }
        return lines;
    }
}
