package io.gator.agent.module.scribe;

import io.gator.agent.module.ModuleContext;
import io.gator.core.module.pkg.PackageInfo;
import io.gator.core.module.scribe.FileContentSource;
import io.gator.core.module.scribe.FileNameSource;
import io.gator.core.module.scribe.GoRegexp;
import io.gator.core.module.scribe.HasLineSource;
import io.gator.core.module.scribe.PackageSource;
import io.gator.core.module.scribe.ScribeDocument;
import io.gator.core.module.scribe.ScribeObject;
import io.gator.core.module.scribe.ScribeTest;
import io.gator.core.module.scribe.SubResult;
import io.gator.core.module.scribe.TestResult;
import io.gator.core.module.scribe.Variable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One evaluation of a document, in scribe's order: every object read (chain objects only through their root's
 * import chain), then every test, each running the tests it depends on first. A test evaluated once is not
 * evaluated again, so a dependency that failed earlier does not fail the tests depending on it later (scribe's
 * behaviour, kept).
 */
final class DocumentRun {
    private static final String CHAIN_ROOT = "chain_root";

    private final ScribeDocument doc;
    private final ModuleContext ctx;
    private final FileLocator files;
    private final Supplier<List<PackageInfo>> packages;
    private final List<ObjectState> objects = new ArrayList<>();
    private final Map<ScribeTest, TestState> tests = new IdentityHashMap<>();

    /** What one test came to. */
    private static final class TestState {
        boolean evaluated;
        Optional<String> error = Optional.empty();
        boolean master;
        boolean hasTrue;
        final List<SubResult> results = new ArrayList<>();
    }

    DocumentRun(ScribeDocument doc, ModuleContext ctx, Supplier<List<PackageInfo>> packages) {
        this.doc = doc;
        this.ctx = ctx;
        this.files = new FileLocator(ctx);
        this.packages = packages;
        for (ScribeObject o : doc.objects()) {
            objects.add(new ObjectState(o));
        }
        for (ScribeTest t : doc.tests()) {
            tests.put(t, new TestState());
        }
    }

    /** The result of every test, in document order (a test identifier given twice reports its first test). */
    List<TestResult> run() {
        for (ObjectState o : objects) {
            if (!o.chain && !o.prepared) {
                o.prepared = true;
                o.expand(doc.variables());
                try {
                    prepare(o);
                } catch (PrepareException e) {
                    o.error = Optional.of(e.getMessage());
                }
            }
        }
        for (ObjectState o : objects) {
            if (!o.chain && o.error.isEmpty()) {
                try {
                    o.found.addAll(fireChains(o));
                } catch (PrepareException e) {
                    o.error = Optional.of(e.getMessage());
                }
            }
        }
        for (ScribeTest t : doc.tests()) {
            runTest(t);
        }
        List<TestResult> out = new ArrayList<>();
        for (ScribeTest listed : doc.tests()) {
            ScribeTest t = doc.test(listed.test()).orElseThrow();
            TestState s = tests.get(t);
            if (s.error.isPresent()) {
                out.add(TestResult.error(t, s.error.get()));
            } else {
                out.add(new TestResult(t.test(), t.name(), t.description(), t.tags(), false, "", s.master, s.hasTrue,
                        s.results));
            }
        }
        return out;
    }

    /** Reads an object's values from the host. */
    private void prepare(ObjectState o) throws PrepareException {
        ctx.checkCancelled("scribe");
        if (o.source instanceof PackageSource p) {
            o.found.addAll(packageValues(p));
        } else if (o.source instanceof FileContentSource f) {
            Pattern expr = compile(f.expression());
            for (String file : files.locate(f.path(), f.file())) {
                for (List<String> groups : lines(file, expr)) {
                    groups.forEach(g -> o.found.add(new Criterion(file, g)));
                }
            }
        } else if (o.source instanceof FileNameSource f) {
            Pattern name = compile(f.file());
            List<String> found = files.locate(f.path(), f.file());
            for (String file : found) {
                java.util.regex.Matcher m = name.matcher(file.substring(file.lastIndexOf('/') + 1));
                if (m.find() && m.groupCount() >= 1) {
                    o.found.add(new Criterion(file, m.group(1) == null ? "" : m.group(1)));
                }
            }
        } else if (o.source instanceof HasLineSource h) {
            Pattern expr = compile(h.expression());
            for (String file : files.locate(h.path(), h.file())) {
                try {
                    boolean any = !LineMatcher.matches(file, expr).isEmpty();
                    o.found.add(new Criterion(file, String.valueOf(any)));
                } catch (IOException e) {
                    // unreadable files are left out, as scribe leaves them
                }
            }
        }
    }

    private static List<List<String>> lines(String file, Pattern expr) {
        try {
            return LineMatcher.matches(file, expr);
        } catch (IOException e) {
            // unreadable files are left out, as scribe leaves them
            return List.of();
        }
    }

    private List<Criterion> packageValues(PackageSource p) throws PrepareException {
        Pattern collect = p.collectMatch().isEmpty() ? null : compile(p.collectMatch());
        List<PackageInfo> hits = new ArrayList<>();
        for (PackageInfo pi : packages.get()) {
            if (collect == null ? pi.name().equals(p.name()) : collect.matcher(pi.name()).find()) {
                hits.add(pi);
            }
        }
        if (p.onlyNewest() && !hits.isEmpty()) {
            PackageInfo newest = hits.get(0);
            for (PackageInfo pi : hits.subList(1, hits.size())) {
                try {
                    if (Evr.compare("<", newest.version(), pi.version())) {
                        newest = pi;
                    }
                } catch (Evr.EvrException e) {
                    throw new PrepareException(e.getMessage());
                }
            }
            hits = List.of(newest);
        }
        List<Criterion> out = new ArrayList<>();
        hits.forEach(pi -> out.add(new Criterion(pi.name(), pi.version())));
        return out;
    }

    /**
     * A filecontent object's import chain: for each file it matched, each chained object is read again with
     * {@code ${chain_root}} set to that file's directory, and its values are added under that file's path.
     */
    private List<Criterion> fireChains(ObjectState o) throws PrepareException {
        if (!(o.source instanceof FileContentSource f) || f.importChain().isEmpty()) {
            return List.of();
        }
        LinkedHashSet<String> roots = new LinkedHashSet<>();
        o.found.forEach(c -> roots.add(c.identifier()));
        List<Criterion> out = new ArrayList<>();
        for (String root : roots) {
            for (String chained : f.importChain()) {
                ObjectState copy = state(chained).copy();
                copy.expand(List.of(new Variable(CHAIN_ROOT, ObjectState.directory(root))));
                prepare(copy);
                copy.found.addAll(fireChains(copy));
                copy.criteria().forEach(c -> out.add(new Criterion(root, c.value())));
            }
        }
        return out;
    }

    private ObjectState state(String name) throws PrepareException {
        for (ObjectState o : objects) {
            if (o.name.equals(name)) {
                return o;
            }
        }
        throw new PrepareException("unknown object \"" + name + "\"");
    }

    /** scribe's {@code runTest}. */
    private Optional<String> runTest(ScribeTest t) {
        TestState s = tests.get(t);
        if (s.evaluated) {
            return Optional.empty();
        }
        s.evaluated = true;
        for (String dep : t.ifs()) {
            Optional<ScribeTest> d = doc.test(dep);
            if (d.isEmpty()) {
                return fail(s, "unknown test \"" + dep + "\"");
            }
            if (runTest(d.get()).isPresent()) {
                return fail(s, "a test dependency failed (\"" + dep + "\")");
            }
        }
        ObjectState last = null;
        for (ObjectState o : objects) {
            if (o.name.equals(t.object())) {
                last = o;
            }
        }
        if (last == null) {
            return fail(s, "unknown object \"" + t.object() + "\"");
        }
        if (last.error.isPresent()) {
            return fail(s, last.error.get());
        }
        if (!last.prepared) {
            return fail(s, "object not prepared");
        }
        ObjectState first = stateOrThrow(t.object());
        for (Criterion c : first.criteria()) {
            try {
                s.results.add(new SubResult(evaluate(t, c.value()), c.identifier()));
            } catch (PrepareException e) {
                return fail(s, e.getMessage());
            }
        }
        s.hasTrue = s.results.stream().anyMatch(SubResult::result);
        s.master = s.hasTrue;
        for (String dep : t.ifs()) {
            if (!tests.get(doc.test(dep).orElseThrow()).master) {
                s.master = false;
                break;
            }
        }
        return Optional.empty();
    }

    private ObjectState stateOrThrow(String name) {
        return objects.stream().filter(o -> o.name.equals(name)).findFirst().orElseThrow();
    }

    private static Optional<String> fail(TestState s, String error) {
        s.error = Optional.of(error);
        return s.error;
    }

    /** The test's evaluator on one value: evr, else regexp, else exact match, else true. */
    private static boolean evaluate(ScribeTest t, String value) throws PrepareException {
        if (!t.evr().value().isEmpty()) {
            if (!Evr.isOperation(t.evr().operation())) {
                throw new PrepareException("invalid evr operation " + t.evr().operation());
            }
            try {
                return Evr.compare(t.evr().operation(), value, t.evr().value());
            } catch (Evr.EvrException e) {
                throw new PrepareException(e.getMessage());
            }
        }
        if (!t.regexp().isEmpty()) {
            return compile(t.regexp()).matcher(value).find();
        }
        if (!t.exactMatch().isEmpty()) {
            return value.equals(t.exactMatch());
        }
        return true;
    }

    private static Pattern compile(String expr) throws PrepareException {
        try {
            return GoRegexp.compile(expr);
        } catch (GoRegexp.SyntaxError e) {
            throw new PrepareException(e.getMessage());
        }
    }
}
