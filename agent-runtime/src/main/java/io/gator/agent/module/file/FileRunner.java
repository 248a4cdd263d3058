package io.gator.agent.module.file;

import io.gator.agent.module.ModuleContext;
import io.gator.agent.module.ModuleRunner;
import io.gator.core.command.Result;
import io.gator.core.module.GoFormat;
import io.gator.core.module.ModuleDefinition;
import io.gator.core.module.file.FileInfo;
import io.gator.core.module.file.FileModule;
import io.gator.core.module.file.FileOptions;
import io.gator.core.module.file.FileParameters;
import io.gator.core.module.file.FileSearch;
import io.gator.core.module.file.FileStatistics;
import io.gator.core.module.file.MatchedFile;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * MIG's file module. Walks each root once; per file, cheap checks (name, size, mode, mtime) run first, and
 * content is streamed line by line and hashes computed in one buffered pass only for files still candidate.
 * Symlinked directories are not followed (as MIG), so loops cannot happen; {@code /proc}, {@code /sys} and
 * {@code /dev} are skipped unless a search path lies in them.
 *
 * <p>When no search reads content lines, candidate files are hashed on {@value #HASH_THREADS} threads of the run
 * while the walk goes on (reading one file overlaps hashing another, which pays most on a cold page cache), at
 * most {@value #HASH_WINDOW} files ahead. Every outcome is applied on the walking thread in walk order, with the
 * same limits and checks as one by one, so results and their order do not change. Memory stays bounded: one
 * buffer per hashing thread, no file is ever held whole.
 */
public final class FileRunner implements ModuleRunner<FileParameters> {
    private static final String NAME = "file";
    /**
     * Read size when hashing. 64 KB, not more: each read also passes through a temporary native buffer of the
     * same size (the JDK's per-thread cache, kept while the thread lives) and a JNA buffer to libcrypto, and a
     * larger heap array goes straight to the old generation; with 1 MB buffers an agent kept some 6 MB more RSS
     * after one search (docs/performance.md). bin/bench-agent's search took as long with either (1.2-1.5 s at load
     * 6-12); bin/bench-file-module has not been run again since.
     */
    private static final int BUFFER = 1 << 16;
    /** Longest line handed to content regexes; longer lines are split (Go's scanner would fail on them). */
    private static final int MAX_LINE = 1 << 20;
    /** Errors kept in memory when maxerrors is unlimited; the rest are only counted. */
    private static final int ERRORS_KEPT = 10_000;
    /** Threads hashing candidate files of one run while it walks. */
    static final int HASH_THREADS = 2;
    /** Files hashed ahead of the walk's outcomes, at most. */
    static final int HASH_WINDOW = 16;
    private static final List<Path> PSEUDO = List.of(Path.of("/proc"), Path.of("/sys"), Path.of("/dev"));

    @Override
    public ModuleDefinition<FileParameters> definition() {
        return FileModule.INSTANCE;
    }

    @Override
    public Result run(FileParameters params, ModuleContext ctx) {
        long t0 = System.nanoTime();
        Run r = new Run(params, ctx);
        try {
            r.walkAll();
            r.drain(0);
        } finally {
            r.close();
        }
        return r.result(t0);
    }

    enum Kind { NAME, SIZE, MODE, MTIME, CONTENT, MD5, SHA1, SHA2, SHA3 }

    /** One check of a search: its filter value, compiled, and the files it matched. */
    static final class Check {
        final Kind kind;
        final String value;
        final boolean inverse;
        final boolean mismatch;
        Pattern pattern;
        long min;
        long max;
        Instant minTime;
        Instant maxTime;
        String hash;
        String algorithm;
        final Set<String> matched = new LinkedHashSet<>();

        Check(Kind kind, String value, FileOptions o) {
            this.kind = kind;
            this.value = value;
            this.mismatch = o.hasMismatch(kind.name().toLowerCase(Locale.ROOT));
            boolean regex = kind == Kind.NAME || kind == Kind.MODE || kind == Kind.CONTENT;
            this.inverse = regex && FileModule.inverse(value);
            switch (kind) {
                case NAME, MODE, CONTENT -> pattern = Pattern.compile(inverse ? value.substring(1) : value);
                case SIZE -> parseSize(value);
                case MTIME -> parseMtime(value);
                case MD5 -> hash(value, "MD5");
                case SHA1 -> hash(value, "SHA-1");
                case SHA2 -> hash(value, switch (value.length()) {
                    case 64 -> "SHA-256";
                    case 96 -> "SHA-384";
                    default -> "SHA-512";
                });
                case SHA3 -> hash(value, switch (value.length()) {
                    case 56 -> "SHA3-224";
                    case 64 -> "SHA3-256";
                    case 96 -> "SHA3-384";
                    default -> "SHA3-512";
                });
                default -> { }
            }
        }

        private void hash(String v, String alg) {
            hash = v.toLowerCase(Locale.ROOT);
            algorithm = alg;
        }

        private void parseSize(String s) {
            long mult = switch (s.charAt(s.length() - 1)) {
                case 'k' -> 1024L;
                case 'm' -> 1024L * 1024;
                case 'g' -> 1024L * 1024 * 1024;
                case 't' -> 1024L * 1024 * 1024 * 1024;
                default -> 1L;
            };
            int end = mult > 1 ? s.length() - 1 : s.length();
            char c = s.charAt(0);
            int start = c == '<' || c == '>' ? 1 : 0;
            long n = Long.parseLong(s.substring(start, end)) * mult;
            min = c == '<' ? 0 : n;
            max = c == '>' ? Long.MAX_VALUE : n;
        }

        private void parseMtime(String s) {
            char unit = s.charAt(s.length() - 1);
            long n = Long.parseLong(s.substring(1, s.length() - 1));
            long seconds = switch (unit) {
                case 'd' -> n * 86400;
                case 'h' -> n * 3600;
                default -> n * 60;
            };
            Instant edge = Instant.now().minusSeconds(seconds);
            if (s.charAt(0) == '<') {
                minTime = edge;
                maxTime = Instant.MAX;
            } else {
                minTime = Instant.MIN;
                maxTime = edge;
            }
        }

        /** MIG's wantThis: the match, flipped by a {@code !} regex and by the mismatch option. */
        boolean want(boolean match) {
            return match ^ inverse ^ mismatch;
        }
    }

    static final class SearchState {
        final String label;
        final FileSearch search;
        final List<Path> roots = new ArrayList<>();
        final List<Check> checks = new ArrayList<>();
        final List<String> matchingAll = new ArrayList<>();
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

    private static final class Run {
        final ModuleContext ctx;
        final List<SearchState> searches = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        final Set<Path> visited = new HashSet<>();
        long errorCount;
        long filesCount;
        long openFailed;
        long totalHits;
        /** The walk's own read buffer, made on first use: most searches (names, sizes, modes) never read a file. */
        private byte[] buffer;

        byte[] readBuffer() {
            if (buffer == null) {
                buffer = new byte[BUFFER];
            }
            return buffer;
        }
        /** Only searches that read content lines need it (1 MB): made on first use. */
        private byte[] lineBuffer;
        /** Hashing ahead of the walk: only when hashes are wanted and no search reads content lines. */
        final boolean hashAhead;
        private java.util.concurrent.ExecutorService hashPool;
        /** One buffer per hashing thread; made with the hashing threads (most runs never hash). */
        private ThreadLocal<byte[]> hashBuffers;
        private final java.util.ArrayDeque<Ahead> ahead = new java.util.ArrayDeque<>();

        /** A file handed to the hashing threads, and the searches active for it when the walk reached it. */
        private record Ahead(Path path, BasicFileAttributes attrs, List<SearchState> active,
                             java.util.concurrent.Future<Digests> digests) {}

        /** Digests of one file (lower-case hex by algorithm), or why it could not be read. */
        private record Digests(boolean decompress, Map<String, String> hex, IOException failure) {}

        Run(FileParameters p, ModuleContext ctx) {
            this.ctx = ctx;
            p.searches().forEach((label, s) -> searches.add(new SearchState(label, s)));
            boolean content = searches.stream().anyMatch(st -> st.checks.stream().anyMatch(c -> c.kind == Kind.CONTENT));
            boolean hashes = searches.stream().anyMatch(st -> st.checks.stream().anyMatch(c -> c.algorithm != null));
            this.hashAhead = hashes && !content;
        }

        void close() {
            if (hashPool != null) {
                hashPool.shutdownNow();
            }
        }

        /** Evaluates now, or (hashing ahead) hands the file to the hashing threads and applies outcomes in order. */
        void consider(Path p, BasicFileAttributes a, List<SearchState> active) {
            if (!hashAhead) {
                evaluate(p, a, active, null);
                return;
            }
            List<SearchState> snapshot = List.copyOf(active);
            List<SearchState> deep = new ArrayList<>();
            for (SearchState s : snapshot) {
                if (s.checks.stream().anyMatch(c -> c.algorithm != null) && cheapCandidate(s, p, a)) {
                    deep.add(s);
                }
            }
            java.util.concurrent.Future<Digests> f = null;
            if (!deep.isEmpty()) {
                boolean decompress = deep.stream().anyMatch(s -> s.search.options().decompress());
                Set<String> algorithms = new LinkedHashSet<>();
                deep.forEach(s -> s.checks.stream().filter(c -> c.algorithm != null).forEach(c -> algorithms.add(c.algorithm)));
                if (hashPool == null) {
                    hashBuffers = ThreadLocal.withInitial(() -> new byte[BUFFER]);
                    AtomicInteger n = new AtomicInteger();
                    hashPool = java.util.concurrent.Executors.newFixedThreadPool(HASH_THREADS, r -> {
                        Thread t = new Thread(r, "gator-file-hash-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
                }
                ThreadLocal<byte[]> buffers = hashBuffers;
                f = hashPool.submit(() -> {
                    try {
                        return new Digests(decompress, digests(p, algorithms, decompress, buffers.get()), null);
                    } catch (IOException e) {
                        return new Digests(decompress, Map.of(), e);
                    }
                });
            }
            ahead.addLast(new Ahead(p, a, snapshot, f));
            drain(HASH_WINDOW);
        }

        /** Applies the oldest outcomes until at most {@code keep} files are ahead. */
        void drain(int keep) {
            while (ahead.size() > keep) {
                Ahead h = ahead.pollFirst();
                Digests d = null;
                if (h.digests() != null) {
                    try {
                        d = h.digests().get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        ctx.cancel();
                        ctx.checkCancelled(NAME);
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (e.getCause() instanceof RuntimeException re) {
                            throw re; // cancelled while hashing
                        }
                        throw new IllegalStateException(e.getCause());
                    }
                }
                // the searches the walk would have left active here, one file at a time
                List<SearchState> active = new ArrayList<>(h.active());
                active.removeIf(s -> totalHits >= s.matchLimit);
                if (!active.isEmpty()) {
                    evaluate(h.path(), h.attrs(), active, d);
                }
            }
        }

        /** Whether a search still wants a file's deep checks after its cheap ones (evaluate's rule, no side effects). */
        boolean cheapCandidate(SearchState s, Path p, BasicFileAttributes a) {
            if (!s.matchAll()) {
                return true;
            }
            String file = p.toString();
            String name = p.getFileName() == null ? file : p.getFileName().toString();
            for (Check c : s.checks) {
                Boolean want = cheapWant(c, p, name, a, new String[1]);
                if (want != null && !want) {
                    return false;
                }
            }
            return true;
        }

        /** A cheap check's outcome ({@code want} applied), or null for content and hash checks. */
        private static Boolean cheapWant(Check c, Path p, String name, BasicFileAttributes a, String[] mode) {
            return switch (c.kind) {
                case NAME -> c.want(c.pattern.matcher(name).find());
                case SIZE -> c.want(a.size() >= c.min && a.size() <= c.max);
                case MTIME -> {
                    Instant m = a.lastModifiedTime().toInstant();
                    yield c.want(!m.isBefore(c.minTime) && !m.isAfter(c.maxTime));
                }
                case MODE -> {
                    if (mode[0] == null) {
                        mode[0] = modeString(p);
                    }
                    yield c.want(c.pattern.matcher(mode[0]).find());
                }
                default -> null;
            };
        }

        void error(String e) {
            errorCount++;
            if (errors.size() < ERRORS_KEPT) {
                errors.add(e);
            }
        }

        void walkAll() {
            List<Path> roots = new ArrayList<>();
            searches.forEach(s -> roots.addAll(s.roots));
            roots.sort(Comparator.comparingInt(Path::getNameCount).thenComparing(Path::toString));
            for (Path root : new LinkedHashSet<>(roots)) {
                ctx.checkCancelled(NAME);
                if (visited.contains(root)) {
                    continue;
                }
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(root, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    openFailed++;
                    error("ERROR: " + describe(e, root));
                    continue;
                }
                if (a.isDirectory()) {
                    walk(root);
                } else {
                    // a search path naming a file: evaluate it for the searches that list it
                    List<SearchState> active = new ArrayList<>();
                    for (SearchState s : searches) {
                        if (s.roots.contains(root) && totalHits < s.matchLimit) {
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
                if (d > 0 && d <= s.maxDepth && totalHits < s.matchLimit) {
                    active.add(s);
                }
            }
            List<Path> subdirs = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    ctx.checkCancelled(NAME);
                    BasicFileAttributes a;
                    try {
                        a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    } catch (IOException e) {
                        openFailed++;
                        error("ERROR: " + describe(e, p));
                        continue;
                    }
                    if (a.isDirectory()) {
                        subdirs.add(p);
                        continue;
                    }
                    if (!active.isEmpty()) {
                        active.removeIf(s -> totalHits >= s.matchLimit);
                        entry(p, a, active);
                    }
                }
            } catch (IOException e) {
                openFailed++;
                error("ERROR: " + describe(e, dir));
                return;
            } catch (java.nio.file.DirectoryIteratorException e) {
                // the listing failed part-way (directory removed, I/O error): keep what was read
                error("ERROR: " + describe(e.getCause(), dir));
            }
            subdirs.sort(null);
            for (Path sub : subdirs) {
                if (wanted(sub)) {
                    walk(sub);
                }
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
                if (d > 0 && d <= s.maxDepth && totalHits < s.matchLimit) {
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
                    openFailed++;
                    String target;
                    try {
                        target = Files.readSymbolicLink(p).toString();
                        Path t = Path.of(target);
                        target = (t.isAbsolute() ? t : p.getParent().resolve(t)).normalize().toString();
                    } catch (IOException e2) {
                        target = p.toString();
                    }
                    error("ERROR: followSymLink() -> lstat " + target + ": no such file or directory");
                    return;
                }
            }
            if (!fa.isRegularFile()) {
                return;
            }
            consider(p, fa, active);
        }

        /** @param pre digests computed ahead (hashAhead), or null to compute them here */
        void evaluate(Path p, BasicFileAttributes a, List<SearchState> active, Digests pre) {
            filesCount++;
            String file = p.toString();
            String name = p.getFileName() == null ? file : p.getFileName().toString();
            String[] mode = new String[1];
            // per search: is it still a candidate after the cheap checks?
            List<SearchState> deep = new ArrayList<>();
            for (SearchState s : active) {
                boolean candidate = true;
                for (Check c : s.checks) {
                    Boolean cheap = cheapWant(c, p, name, a, mode);
                    if (cheap == null) {
                        continue;
                    }
                    boolean want = cheap;
                    if (want) {
                        c.matched.add(file);
                        if (!s.matchAll()) {
                            totalHits++;
                        }
                    } else if (s.matchAll()) {
                        candidate = false;
                        break;
                    }
                }
                if (candidate && s.checks.stream().anyMatch(c -> c.kind.ordinal() >= Kind.CONTENT.ordinal())) {
                    deep.add(s);
                } else if (candidate && s.matchAll()) {
                    hitAll(s, file);
                }
            }
            if (deep.isEmpty()) {
                return;
            }
            List<Check> contentChecks = new ArrayList<>();
            List<Check> hashChecks = new ArrayList<>();
            for (SearchState s : deep) {
                for (Check c : s.checks) {
                    if (c.kind == Kind.CONTENT) {
                        contentChecks.add(c);
                    } else if (c.algorithm != null) {
                        hashChecks.add(c);
                    }
                }
            }
            boolean decompress = deep.stream().anyMatch(s -> s.search.options().decompress());
            boolean macroal = deep.stream().anyMatch(s -> s.search.options().macroal());
            Map<Check, Boolean> outcome = new LinkedHashMap<>();
            try {
                if (!contentChecks.isEmpty()) {
                    outcome.putAll(content(p, contentChecks, decompress, deep));
                }
                if (!hashChecks.isEmpty()) {
                    Set<String> algorithms = new LinkedHashSet<>();
                    hashChecks.forEach(c -> algorithms.add(c.algorithm));
                    Map<String, String> digests;
                    if (pre != null && pre.decompress() == decompress
                            && (pre.failure() != null || pre.hex().keySet().containsAll(algorithms))) {
                        if (pre.failure() != null) {
                            throw pre.failure();
                        }
                        digests = pre.hex();
                    } else {
                        digests = digests(p, algorithms, decompress, readBuffer());
                    }
                    for (Check c : hashChecks) {
                        outcome.put(c, c.want(c.hash.equals(digests.get(c.algorithm))));
                    }
                }
            } catch (IOException e) {
                openFailed++;
                error("ERROR: " + describe(e, p));
                return;
            }
            for (SearchState s : deep) {
                boolean all = true;
                for (Check c : s.checks) {
                    Boolean w = outcome.get(c);
                    if (w == null) {
                        continue;
                    }
                    if (w) {
                        c.matched.add(file);
                        if (!s.matchAll()) {
                            totalHits++;
                        }
                    } else {
                        all = false;
                    }
                }
                if (s.matchAll() && all) {
                    hitAll(s, file);
                }
            }
        }

        void hitAll(SearchState s, String file) {
            if (!s.matchingAll.contains(file)) {
                s.matchingAll.add(file);
                totalHits++;
            }
        }

        /** Streams the file once, line by line, deciding every content check ({@code want} applied). */
        Map<Check, Boolean> content(Path p, List<Check> checks, boolean decompress, List<SearchState> deep)
                throws IOException {
            Map<Check, Boolean> any = new LinkedHashMap<>();
            Map<Check, Boolean> allLines = new LinkedHashMap<>();
            Set<Check> macro = new HashSet<>();
            for (SearchState s : deep) {
                if (s.search.options().macroal()) {
                    s.checks.stream().filter(c -> c.kind == Kind.CONTENT).forEach(macro::add);
                }
            }
            for (Check c : checks) {
                any.put(c, false);
                allLines.put(c, true);
            }
            boolean sawLine = false;
            // bytes are split on '\n' in place and each line decoded on its own: far cheaper than a Reader
            try (InputStream in = open(p, decompress)) {
                if (lineBuffer == null) {
                    lineBuffer = new byte[MAX_LINE];
                }
                byte[] buf = lineBuffer;
                int filled = 0;
                int n;
                boolean done = false;
                while (!done && (n = in.read(buf, filled, buf.length - filled)) > 0) {
                    ctx.checkCancelled(NAME);
                    filled += n;
                    int start = 0;
                    for (int i = 0; i < filled; i++) {
                        if (buf[i] == '\n') {
                            sawLine = true;
                            if (line(decode(buf, start, i), checks, macro, any, allLines) == 0) {
                                done = true;
                                break;
                            }
                            start = i + 1;
                        }
                    }
                    if (done) {
                        break;
                    }
                    if (start == 0 && filled == buf.length) {
                        // a line longer than the buffer: hand it over in pieces (Go's scanner would give up)
                        sawLine = true;
                        done = line(decode(buf, 0, filled), checks, macro, any, allLines) == 0;
                        filled = 0;
                    } else {
                        System.arraycopy(buf, start, buf, 0, filled - start);
                        filled -= start;
                    }
                }
                if (!done && filled > 0) {
                    sawLine = true;
                    line(decode(buf, 0, filled), checks, macro, any, allLines);
                }
            }
            Map<Check, Boolean> out = new LinkedHashMap<>();
            for (Check c : checks) {
                boolean match = macro.contains(c) ? sawLine && allLines.get(c) : any.get(c);
                out.put(c, c.want(match));
            }
            return out;
        }

        private static String decode(byte[] b, int from, int to) {
            int end = to > from && b[to - 1] == '\r' ? to - 1 : to;
            return new String(b, from, end - from, StandardCharsets.UTF_8);
        }

        /** Applies one line; returns how many checks could still change. */
        private static int line(CharSequence l, List<Check> checks, Set<Check> macro, Map<Check, Boolean> any,
                Map<Check, Boolean> allLines) {
            String s = l.toString();
            int undecided = 0;
            for (Check c : checks) {
                if (macro.contains(c)) {
                    if (allLines.get(c)) {
                        if (!c.pattern.matcher(s).find()) {
                            allLines.put(c, false);
                        } else {
                            undecided++;
                        }
                    }
                } else if (!any.get(c)) {
                    if (c.pattern.matcher(s).find()) {
                        any.put(c, true);
                    } else {
                        undecided++;
                    }
                }
            }
            return undecided;
        }

        InputStream open(Path p, boolean decompress) throws IOException {
            InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
            if (decompress) {
                in.mark(2);
                int b1 = in.read();
                int b2 = in.read();
                in.reset();
                if (b1 == 0x1f && b2 == 0x8b) {
                    return new GZIPInputStream(in, 1 << 16);
                }
            }
            return in;
        }

        /** Every needed digest in one pass, lower-case hex by algorithm; {@code buffer} is the caller's. */
        Map<String, String> digests(Path p, Set<String> algorithms, boolean decompress, byte[] buffer)
                throws IOException {
            Map<String, NativeDigests.Digest> mds = new LinkedHashMap<>();
            try {
                for (String algorithm : algorithms) {
                    mds.put(algorithm, NativeDigests.create(algorithm));
                }
                try (InputStream in = decompress ? open(p, true) : Files.newInputStream(p)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        ctx.checkCancelled(NAME);
                        for (NativeDigests.Digest md : mds.values()) {
                            md.update(buffer, 0, n);
                        }
                    }
                }
                Map<String, String> out = new LinkedHashMap<>();
                mds.forEach((k, md) -> out.put(k, HexFormat.of().formatHex(md.digest())));
                return out;
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            } finally {
                mds.values().forEach(NativeDigests.Digest::close); // native state freed on errors too
            }
        }

        String sha256(Path p) throws IOException {
            return digests(p, Set.of("SHA-256"), false, readBuffer()).get("SHA-256").toUpperCase(Locale.ROOT);
        }

        FileInfo info(String file, boolean withSha) {
            Path p = Path.of(file);
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                return new FileInfo(a.size(), modeString(p), GoFormat.utcTime(a.lastModifiedTime().toInstant()),
                        withSha ? sha256(p) : "");
            } catch (IOException e) {
                error("ERROR: " + describe(e, p));
                return FileInfo.EMPTY;
            }
        }

        Result result(long t0) {
            Map<String, List<MatchedFile>> elements = new LinkedHashMap<>();
            long maxErrors = 0;
            boolean unlimited = false;
            for (SearchState s : searches) {
                FileOptions o = s.search.options();
                if (o.maxErrors() == 0) {
                    unlimited = true;
                }
                maxErrors = Math.max(maxErrors, o.maxErrors());
                List<MatchedFile> list = new ArrayList<>();
                if (s.matchAll()) {
                    FileSearch rs = s.search.withOptions(o.forResult());
                    if (s.matchingAll.isEmpty()) {
                        list.add(new MatchedFile("", rs, FileInfo.EMPTY));
                    }
                    for (String f : s.matchingAll) {
                        list.add(new MatchedFile(masked(f), rs, info(f, o.returnSha256())));
                    }
                } else {
                    FileOptions ro = new FileOptions(0, 0, false, false, false, List.of(), 0, "", false, false);
                    for (Check c : s.checks) {
                        List<String> files = c.matched.isEmpty() ? List.of("") : List.copyOf(c.matched);
                        for (String f : files) {
                            List<String> paths = f.isEmpty() ? s.search.paths()
                                    : List.of(String.valueOf(Path.of(f).getParent()));
                            FileSearch one = FileSearch.of(paths, ro);
                            List<String> v = List.of(c.value);
                            one = switch (c.kind) {
                                case NAME -> one.withNames(v);
                                case SIZE -> one.withSizes(v);
                                case MODE -> one.withModes(v);
                                case MTIME -> one.withMtimes(v);
                                case CONTENT -> one.withContents(v);
                                case MD5 -> one.withMd5(v);
                                case SHA1 -> one.withSha1(v);
                                case SHA2 -> one.withSha2(v);
                                case SHA3 -> one.withSha3(v);
                            };
                            if (ctx.extraPrivacy() && !f.isEmpty()) {
                                one = one.withPaths(List.of("masked"));
                            }
                            list.add(new MatchedFile(masked(f), one, f.isEmpty() ? FileInfo.EMPTY : info(f, false)));
                        }
                    }
                }
                elements.put(s.label, list);
            }
            List<String> errs = new ArrayList<>();
            long cap = unlimited ? Long.MAX_VALUE : maxErrors;
            for (String e : errors) {
                if (errs.size() >= cap) {
                    break;
                }
                errs.add(ctx.extraPrivacy() ? "masked" : e);
            }
            if (errorCount > cap) {
                errs.add((errorCount - cap) + " errors were not returned (max errors = " + cap + ")");
            }
            FileStatistics st = new FileStatistics(filesCount, openFailed, totalHits,
                    GoFormat.duration(System.nanoTime() - t0));
            return new Result(totalHits > 0, true, FileModule.elementsJson(elements), FileModule.statisticsJson(st), errs);
        }

        String masked(String f) {
            return ctx.extraPrivacy() && !f.isEmpty() ? "masked" : f;
        }
    }

    /** Go's os.FileMode string of a file (symlinks followed). */
    static String modeString(Path p) {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,isDirectory,isSymbolicLink,isOther");
            int m = (Integer) a.get("mode");
            int type = m & 0170000;
            GoFormat.FileKind k = switch (type) {
                case 0040000 -> GoFormat.FileKind.DIRECTORY;
                case 0120000 -> GoFormat.FileKind.SYMLINK;
                case 0060000 -> GoFormat.FileKind.BLOCK_DEVICE;
                case 0020000 -> GoFormat.FileKind.CHAR_DEVICE;
                case 0010000 -> GoFormat.FileKind.FIFO;
                case 0140000 -> GoFormat.FileKind.SOCKET;
                default -> GoFormat.FileKind.REGULAR;
            };
            return GoFormat.fileMode(k, m & 07777);
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    /** Go-like error text: {@code open /x: permission denied}. */
    static String describe(IOException e, Path p) {
        if (e instanceof AccessDeniedException) {
            return "open " + p + ": permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "lstat " + p + ": no such file or directory";
        }
        return "open " + p + ": " + e.getMessage();
    }
}
