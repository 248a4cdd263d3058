package io.gator.agent.module.file;

import io.gator.agent.module.ModuleContext;
import io.gator.agent.module.file.Check.Kind;
import io.gator.core.module.GoFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which searches a file matches: the cheap checks (name, size, mode, mtime) first, then content, streamed
 * line by line, and hashes only for searches still candidate; records matches and hits in the run's tally. Runs
 * on the walking thread.
 */
final class FileMatcher {
    /** Longest line handed to content regexes; longer lines are split (Go's scanner would fail on them). */
    private static final int MAX_LINE = 1 << 20;

    private final ModuleContext ctx;
    private final Tally tally;
    private final FileHasher hasher;
    /** Only searches that read content lines need it (1 MB): made on first use. */
    private byte[] lineBuffer;

    FileMatcher(ModuleContext ctx, Tally tally, FileHasher hasher) {
        this.ctx = ctx;
        this.tally = tally;
        this.hasher = hasher;
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

    /** @param pre digests computed ahead (hashAhead), or null to compute them here */
    void evaluate(Path p, BasicFileAttributes a, List<SearchState> active, HashAhead.Digests pre) {
        tally.filesCount++;
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
                        tally.totalHits++;
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
                    digests = hasher.digests(p, algorithms, decompress, hasher.readBuffer());
                }
                for (Check c : hashChecks) {
                    outcome.put(c, c.want(c.hash.equals(digests.get(c.algorithm))));
                }
            }
        } catch (IOException e) {
            tally.openFailed(e, p);
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
                        tally.totalHits++;
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
            tally.totalHits++;
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
        try (InputStream in = FileHasher.open(p, decompress)) {
            if (lineBuffer == null) {
                lineBuffer = new byte[MAX_LINE];
            }
            byte[] buf = lineBuffer;
            int filled = 0;
            int n;
            boolean done = false;
            while (!done && (n = in.read(buf, filled, buf.length - filled)) > 0) {
                ctx.checkCancelled(FileRunner.NAME);
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
}
