package io.gator.agent.module.scribe;

import io.gator.core.module.scribe.FileContentSource;
import io.gator.core.module.scribe.FileNameSource;
import io.gator.core.module.scribe.HasLineSource;
import io.gator.core.module.scribe.ObjectSource;
import io.gator.core.module.scribe.PackageSource;
import io.gator.core.module.scribe.RawIdentifier;
import io.gator.core.module.scribe.RawSource;
import io.gator.core.module.scribe.ScribeObject;
import io.gator.core.module.scribe.Variable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One object of a document as it is read: its source (variables expanded), the values it found and, if reading
 * failed, why. A filecontent object also keeps the values merged from its import chain.
 */
final class ObjectState {
    final String name;
    final boolean chain;
    ObjectSource source;
    boolean prepared;
    Optional<String> error = Optional.empty();
    final List<Criterion> found = new ArrayList<>();

    ObjectState(ScribeObject o) {
        this.name = o.object();
        this.source = o.source().orElseThrow();
        this.chain = o.isChain();
    }

    private ObjectState(ObjectState other) {
        this.name = other.name;
        this.chain = other.chain;
        this.source = other.source;
        this.prepared = other.prepared;
        this.error = other.error;
        this.found.addAll(other.found);
    }

    /** A copy to run from an import chain: the original keeps its own state. */
    ObjectState copy() {
        return new ObjectState(this);
    }

    /** scribe's variable expansion: package name; filecontent and hasline path and file; filename path only. */
    void expand(List<Variable> vars) {
        if (source instanceof PackageSource p) {
            source = new PackageSource(expand(vars, p.name()), p.collectMatch(), p.onlyNewest());
        } else if (source instanceof FileContentSource f) {
            source = f.withPathAndFile(expand(vars, f.path()), expand(vars, f.file()));
        } else if (source instanceof FileNameSource f) {
            source = new FileNameSource(expand(vars, f.path()), f.file());
        } else if (source instanceof HasLineSource h) {
            source = new HasLineSource(expand(vars, h.path()), expand(vars, h.file()), h.expression());
        }
    }

    private static String expand(List<Variable> vars, String in) {
        String out = in;
        for (Variable v : vars) {
            out = out.replace("${" + v.key() + "}", v.value());
        }
        return out;
    }

    /** The values tests evaluate; a filecontent object with {@code concat} joins the values of each file. */
    List<Criterion> criteria() {
        if (source instanceof RawSource r) {
            List<Criterion> out = new ArrayList<>();
            for (RawIdentifier i : r.identifiers()) {
                out.add(new Criterion(i.identifier(), i.value()));
            }
            return out;
        }
        if (source instanceof FileContentSource f && !f.concat().isEmpty()) {
            Map<String, String> joined = new LinkedHashMap<>();
            for (Criterion c : found) {
                joined.merge(c.identifier(), c.value(), (a, b) -> a.isEmpty() ? b : a + f.concat() + b);
            }
            List<Criterion> out = new ArrayList<>();
            joined.forEach((k, v) -> out.add(new Criterion(k, v)));
            return out;
        }
        return List.copyOf(found);
    }

    /** The directory part of a path as Go's {@code path.Split} gives it (with its trailing slash). */
    static String directory(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash + 1);
    }

}
