package io.gator.agent.module.file;

import io.gator.agent.module.ModuleContext;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Walks each root once, in sorted order, handing every regular file (and symlink to one) to the run with the
 * searches in scope for it. Symlinked directories are not followed (as MIG), so loops cannot happen;
 * {@code /proc}, {@code /sys} and {@code /dev} are skipped unless a search path lies in them.
 */
final class FileWalker {
    private static final List<Path> PSEUDO = List.of(Path.of("/proc"), Path.of("/sys"), Path.of("/dev"));

    /** Where the walk hands each file, with the searches active for it. */
    @FunctionalInterface
    interface FileSink {
        void accept(Path p, BasicFileAttributes a, List<SearchState> active);
    }

    private final ModuleContext ctx;
    private final List<SearchState> searches;
    private final Tally tally;
    private final FileSink files;
    private final Set<Path> visited = new HashSet<>();

    FileWalker(ModuleContext ctx, List<SearchState> searches, Tally tally, FileSink files) {
        this.ctx = ctx;
        this.searches = searches;
        this.tally = tally;
        this.files = files;
    }

    void walkAll() {
        List<Path> roots = new ArrayList<>();
        searches.forEach(s -> roots.addAll(s.roots));
        roots.sort(Comparator.comparingInt(Path::getNameCount).thenComparing(Path::toString));
        for (Path root : new LinkedHashSet<>(roots)) {
            ctx.checkCancelled(FileRunner.NAME);
            if (visited.contains(root)) {
                continue;
            }
            BasicFileAttributes a = lstat(root);
            if (a == null) {
                continue;
            }
            if (a.isDirectory()) {
                walk(root);
            } else {
                // a search path naming a file: evaluate it for the searches that list it
                List<SearchState> active = new ArrayList<>();
                for (SearchState s : searches) {
                    if (s.roots.contains(root) && tally.totalHits < s.matchLimit) {
                        active.add(s);
                    }
                }
                entry(root, a, active); // a directory walk never evaluates these searches: out of their scope
            }
        }
    }

    void walk(Path dir) {
        if (!visited.add(dir)) {
            return;
        }
        List<SearchState> active = new ArrayList<>();
        for (SearchState s : searches) {
            long d = s.depth(dir);
            if (d > 0 && d <= s.maxDepth && tally.totalHits < s.matchLimit) {
                active.add(s);
            }
        }
        List<Path> subdirs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                ctx.checkCancelled(FileRunner.NAME);
                BasicFileAttributes a = lstat(p);
                if (a == null) {
                    continue;
                }
                if (a.isDirectory()) {
                    subdirs.add(p);
                    continue;
                }
                if (!active.isEmpty()) {
                    active.removeIf(s -> tally.totalHits >= s.matchLimit);
                    entry(p, a, active);
                }
            }
        } catch (IOException e) {
            tally.openFailed(e, dir);
            return;
        } catch (DirectoryIteratorException e) {
            // the listing failed part-way (directory removed, I/O error): keep what was read
            tally.error("ERROR: " + Tally.describe(e.getCause(), dir));
        }
        subdirs.sort(null);
        for (Path sub : subdirs) {
            if (wanted(sub)) {
                walk(sub);
            }
        }
    }

    /** The entry's own attributes (links not followed), or null when unreadable (counted and reported). */
    private BasicFileAttributes lstat(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            tally.openFailed(e, p);
            return null;
        }
    }

    /** Descend when a search is in scope within its depth, or a search path lies below. */
    boolean wanted(Path sub) {
        for (Path pseudo : PSEUDO) {
            if (sub.equals(pseudo) && searches.stream().noneMatch(s -> s.roots.stream().anyMatch(r -> r.startsWith(pseudo)))) {
                return false;
            }
        }
        for (SearchState s : searches) {
            long d = s.depth(sub);
            if (d > 0 && d <= s.maxDepth && tally.totalHits < s.matchLimit) {
                return true;
            }
            for (Path r : s.roots) {
                if (r.startsWith(sub) && !r.equals(sub)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A directory entry that is not a directory: regular files, and symlinks to regular files. */
    void entry(Path p, BasicFileAttributes a, List<SearchState> active) {
        if (active.isEmpty()) {
            return;
        }
        BasicFileAttributes fa = a;
        if (a.isSymbolicLink()) {
            try {
                fa = Files.readAttributes(p, BasicFileAttributes.class);
            } catch (IOException e) {
                tally.openFailed++;
                String target;
                try {
                    target = Files.readSymbolicLink(p).toString();
                    Path t = Path.of(target);
                    target = (t.isAbsolute() ? t : p.getParent().resolve(t)).normalize().toString();
                } catch (IOException e2) {
                    target = p.toString();
                }
                tally.error("ERROR: followSymLink() -> lstat " + target + ": no such file or directory");
                return;
            }
        }
        if (!fa.isRegularFile()) {
            return;
        }
        ctx.fileRead(FileRunner.NAME); // the agent's file rate (gator.agent.limits.file-rate)
        files.accept(p, fa, active);
    }
}
