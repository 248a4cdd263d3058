package io.gator.core.module.scribe;

import java.util.Optional;

/** scribe's check of a document before anything runs; the first problem, in MIG's words. */
public final class DocumentValidator {
    private DocumentValidator() {}

    /** The first problem of the document: objects first, then tests, each in document order. */
    public static Optional<String> problem(ScribeDocument d) {
        for (ScribeObject o : d.objects()) {
            Optional<String> p = object(o, d);
            if (p.isPresent()) {
                return p;
            }
        }
        for (ScribeTest t : d.tests()) {
            Optional<String> p = test(t, d);
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> object(ScribeObject o, ScribeDocument d) {
        if (o.object().isEmpty()) {
            return Optional.of("an object in document has no identifier");
        }
        if (o.source().isEmpty()) {
            return Optional.of(o.object() + ": no valid source interface");
        }
        return source(o.source().get(), d).map(p -> o.object() + ": " + p);
    }

    private static Optional<String> source(ObjectSource s, ScribeDocument d) {
        if (s instanceof PackageSource p) {
            return p.collectMatch().isEmpty() ? Optional.empty() : regexp(p.collectMatch());
        }
        if (s instanceof FileContentSource f) {
            if (f.file().isEmpty()) {
                return Optional.of("filecontent file must be set");
            }
            Optional<String> p = regexp(f.file());
            if (p.isPresent()) {
                return p;
            }
            if (f.expression().isEmpty()) {
                return Optional.of("filecontent expression must be set");
            }
            p = regexp(f.expression());
            if (p.isPresent()) {
                return p;
            }
            return f.importChain().stream().filter(c -> d.object(c).isEmpty()).findFirst()
                    .map(c -> "unknown object \"" + c + "\"");
        }
        if (s instanceof FileNameSource f) {
            return f.file().isEmpty() ? Optional.of("filename file must be set") : Optional.empty();
        }
        if (s instanceof RawSource r) {
            return r.identifiers().stream().anyMatch(i -> i.identifier().isEmpty() || i.value().isEmpty())
                    ? Optional.of("identifier must include identifier and value") : Optional.empty();
        }
        HasLineSource h = (HasLineSource) s;
        if (h.file().isEmpty()) {
            return Optional.of("hasline file must be set");
        }
        Optional<String> p = regexp(h.file());
        if (p.isPresent()) {
            return p;
        }
        return h.expression().isEmpty() ? Optional.of("hasline expression must be set") : regexp(h.expression());
    }

    private static Optional<String> test(ScribeTest t, ScribeDocument d) {
        if (t.test().isEmpty()) {
            return Optional.of("a test in document has no identifier");
        }
        for (String dep : t.ifs()) {
            Optional<ScribeTest> ref = d.test(dep);
            if (ref.isEmpty()) {
                return Optional.of(t.test() + ": unknown test \"" + dep + "\"");
            }
            if (ref.get() == t) {
                return Optional.of(t.test() + ": test cannot reference itself");
            }
        }
        for (TestTag tag : t.tags()) {
            if (tag.key().contains("\"")) {
                return Optional.of(t.test() + ": test tag key cannot contain quote");
            }
            if (tag.value().contains("\"")) {
                return Optional.of(t.test() + ": test tag value cannot contain quote");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> regexp(String expr) {
        try {
            GoRegexp.compile(expr);
            return Optional.empty();
        } catch (GoRegexp.SyntaxError e) {
            return Optional.of(e.getMessage());
        }
    }
}
