package io.gator.agent.module.file;

import io.gator.agent.module.file.Check.Kind;
import io.gator.core.module.file.FileOptions;
import io.gator.core.module.file.FileSearch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One search of a run: its roots, its checks (compiled) and the files that matched all of them. */
final class SearchState {
    final String label;
    final FileSearch search;
    final List<Path> roots = new ArrayList<>();
    final List<Check> checks = new ArrayList<>();
    // in finding order; a set, since each file found is checked against it (a list made that quadratic)
    final Set<String> matchingAll = new LinkedHashSet<>();
    final long maxDepth;
    final long matchLimit;

    SearchState(String label, FileSearch s) {
        this.label = label;
        this.search = s;
        FileOptions o = s.options();
        s.paths().forEach(p -> roots.add(Path.of(p).toAbsolutePath().normalize()));
        s.names().forEach(v -> checks.add(new Check(Kind.NAME, v, o)));
        s.sizes().forEach(v -> checks.add(new Check(Kind.SIZE, v, o)));
        s.modes().forEach(v -> checks.add(new Check(Kind.MODE, v, o)));
        s.mtimes().forEach(v -> checks.add(new Check(Kind.MTIME, v, o)));
        s.contents().forEach(v -> checks.add(new Check(Kind.CONTENT, v, o)));
        s.md5().forEach(v -> checks.add(new Check(Kind.MD5, v, o)));
        s.sha1().forEach(v -> checks.add(new Check(Kind.SHA1, v, o)));
        s.sha2().forEach(v -> checks.add(new Check(Kind.SHA2, v, o)));
        s.sha3().forEach(v -> checks.add(new Check(Kind.SHA3, v, o)));
        maxDepth = o.maxDepth() == 0 ? Long.MAX_VALUE : o.maxDepth();
        matchLimit = o.matchLimit() == 0 ? Long.MAX_VALUE : o.matchLimit();
    }

    boolean matchAll() {
        return search.options().matchAll();
    }

    /** Depth of a directory for this search (its root is 1), or -1 when out of scope. */
    long depth(Path dir) {
        long best = -1;
        for (Path r : roots) {
            if (dir.startsWith(r)) {
                long d = dir.getNameCount() - r.getNameCount() + 1L;
                if (best < 0 || d < best) {
                    best = d;
                }
            }
        }
        return best;
    }
}
