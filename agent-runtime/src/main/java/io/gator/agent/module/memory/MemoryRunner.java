package io.gator.agent.module.memory;

import io.gator.agent.module.ModuleContext;
import io.gator.agent.module.ModuleRunner;
import io.gator.core.command.Result;
import io.gator.core.module.GoFormat;
import io.gator.core.module.ModuleDefinition;
import io.gator.core.module.memory.MatchedProcess;
import io.gator.core.module.memory.MemoryModule;
import io.gator.core.module.memory.MemoryParameters;
import io.gator.core.module.memory.MemorySearch;
import io.gator.core.module.memory.MemoryStatistics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * MIG's memory module on Linux: for each process, name and library checks first ({@code /proc/<pid>/exe},
 * {@code maps}), then, only when a search still needs it, the readable regions of {@code /proc/<pid>/mem} are
 * scanned in chunks for content regexes and byte strings. Results name the processes, never the memory.
 * The agent's own process is skipped: it holds the search terms themselves.
 */
public final class MemoryRunner implements ModuleRunner<MemoryParameters> {
    private static final String NAME = MemoryModule.INSTANCE.name();
    private static final int CHUNK = 1 << 20;
    /** Bytes carried from one chunk to the next so a match across the boundary is still found. */
    private static final int OVERLAP = 4096;

    @Override
    public ModuleDefinition<MemoryParameters> definition() {
        return MemoryModule.INSTANCE;
    }

    private static final class S {
        final String label;
        final MemorySearch search;
        final List<Pattern> names;
        final List<Pattern> libs;
        final List<Pattern> contents;
        final List<byte[]> bytes;
        final Set<Long> matched = new LinkedHashSet<>();
        final Map<Long, String> procNames = new LinkedHashMap<>();

        S(String label, MemorySearch s) {
            this.label = label;
            this.search = s;
            names = s.names().stream().map(Pattern::compile).toList();
            libs = s.libraries().stream().map(Pattern::compile).toList();
            contents = s.contents().stream().map(c -> Pattern.compile(c)).toList();
            bytes = s.bytes().stream().map(b -> HexFormat.of().parseHex(b)).toList();
        }

        boolean needsMemory() {
            return !contents.isEmpty() || !bytes.isEmpty();
        }
    }

    @Override
    public Result run(MemoryParameters p, ModuleContext ctx) {
        long t0 = System.nanoTime();
        List<S> searches = new ArrayList<>();
        p.searches().forEach((l, s) -> searches.add(new S(l, s)));
        List<String> failures = new ArrayList<>();
        long processCount = 0;
        long[] memoryRead = {0};
        long self = ProcessHandle.current().pid();
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(ctx.system("/proc"), "[0-9]*")) {
            for (Path d : ds) {
                pids.add(Long.parseLong(d.getFileName().toString()));
            }
        } catch (IOException e) {
            return Result.failure("cannot list processes: " + e.getMessage());
        }
        pids.sort(null);
        for (long pid : pids) {
            ctx.checkCancelled(NAME);
            if (pid == self) {
                continue;
            }
            Path proc = ctx.system("/proc/" + pid);
            String name = processName(proc);
            if (name.isEmpty()) {
                continue; // kernel thread or gone
            }
            processCount++;
            List<String> libraries = null;
            // per search: booleans of each check, in the order names, libraries, contents, bytes
            Map<S, boolean[]> state = new LinkedHashMap<>();
            List<S> needMem = new ArrayList<>();
            for (S s : searches) {
                int n = s.names.size() + s.libs.size() + s.contents.size() + s.bytes.size();
                boolean[] hit = new boolean[n];
                int i = 0;
                boolean alive = true;
                for (Pattern re : s.names) {
                    hit[i] = re.matcher(name).find();
                    alive &= hit[i++] || !s.search.matchAll();
                }
                if (alive && !s.libs.isEmpty()) {
                    if (libraries == null) {
                        libraries = libraries(proc);
                    }
                    for (Pattern re : s.libs) {
                        List<String> libs = libraries;
                        hit[i] = libs.stream().anyMatch(l -> re.matcher(l).find());
                        alive &= hit[i++] || !s.search.matchAll();
                    }
                }
                if (!alive) {
                    continue;
                }
                state.put(s, hit);
                if (s.needsMemory()) {
                    needMem.add(s);
                }
            }
            if (!needMem.isEmpty()) {
                try {
                    scan(proc, needMem, state, memoryRead, ctx);
                } catch (IOException e) {
                    failures.add("Permission denied to access memory of process " + pid);
                }
            }
            for (Map.Entry<S, boolean[]> e : state.entrySet()) {
                boolean[] h = e.getValue();
                boolean all = h.length > 0;
                boolean any = false;
                for (boolean b : h) {
                    all &= b;
                    any |= b;
                }
                if (e.getKey().search.matchAll() ? all : any) {
                    e.getKey().matched.add(pid);
                    e.getKey().procNames.put(pid, name);
                }
            }
        }
        Map<String, List<MatchedProcess>> elements = new LinkedHashMap<>();
        long hits = 0;
        for (S s : searches) {
            List<MatchedProcess> l = new ArrayList<>();
            for (long pid : s.matched) {
                l.add(new MatchedProcess(s.procNames.get(pid), pid, s.search));
                hits++;
            }
            if (l.isEmpty()) {
                l.add(new MatchedProcess("", 0, s.search));
            }
            elements.put(s.label, l);
        }
        MemoryStatistics st = new MemoryStatistics(processCount, memoryRead[0], hits, failures,
                GoFormat.duration(System.nanoTime() - t0));
        return new Result(hits > 0, true, MemoryModule.elementsJson(elements), MemoryModule.statisticsJson(st),
                List.of());
    }

    /** The executable's path, else argv[0], else the kernel's comm name; empty for kernel threads. */
    static String processName(Path proc) {
        try {
            return Files.readSymbolicLink(proc.resolve("exe")).toString().replace(" (deleted)", "");
        } catch (IOException | UnsupportedOperationException e) {
            try {
                byte[] cmd = Files.readAllBytes(proc.resolve("cmdline"));
                int end = 0;
                while (end < cmd.length && cmd[end] != 0) {
                    end++;
                }
                return new String(cmd, 0, end, StandardCharsets.UTF_8);
            } catch (IOException e2) {
                return "";
            }
        }
    }

    static List<String> libraries(Path proc) {
        Set<String> out = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(proc.resolve("maps"))) {
                int slash = line.indexOf('/');
                if (slash > 0) {
                    out.add(line.substring(slash));
                }
            }
        } catch (IOException e) {
            // unreadable maps: no library matches
        }
        return List.copyOf(out);
    }

    /** Reads readable regions within each search's offset/maxlength window and applies content and byte checks. */
    static void scan(Path proc, List<S> searches, Map<S, boolean[]> state, long[] memoryRead, ModuleContext ctx)
            throws IOException {
        List<long[]> regions = new ArrayList<>();
        for (String line : Files.readAllLines(proc.resolve("maps"))) {
            String[] c = line.split("\\s+", 6);
            if (c.length < 2 || c[1].charAt(0) != 'r' || line.endsWith("[vvar]") || line.endsWith("[vsyscall]")) {
                continue;
            }
            String[] range = c[0].split("-");
            long start = Long.parseUnsignedLong(range[0], 16);
            long end = Long.parseUnsignedLong(range[1], 16);
            if (start >= 0 && end > start) {
                regions.add(new long[] {start, end});
            }
        }
        long maxOffset = 0;
        long maxEnd = 0;
        boolean unlimited = false;
        for (S s : searches) {
            maxOffset = Math.max(maxOffset, s.search.offset());
            if (s.search.maxLength() == 0) {
                unlimited = true;
            }
            maxEnd = Math.max(maxEnd, s.search.offset() + s.search.maxLength());
        }
        long limit = unlimited ? Long.MAX_VALUE : maxEnd;
        boolean opened = false;
        try (FileChannel ch = FileChannel.open(proc.resolve("mem"), StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(CHUNK + OVERLAP);
            long logical = 0; // bytes of readable memory seen so far: what offset and maxlength count
            for (long[] r : regions) {
                byte[] carry = new byte[0];
                for (long pos = r[0]; pos < r[1] && logical < limit; ) {
                    ctx.checkCancelled(NAME);
                    int want = (int) Math.min(CHUNK, r[1] - pos);
                    buf.clear();
                    buf.put(carry);
                    buf.limit(carry.length + want);
                    int n;
                    try {
                        n = ch.read(buf, pos);
                    } catch (IOException e) {
                        if (!opened) {
                            throw e;
                        }
                        break; // unreadable region (guard pages, device mappings): skip it
                    }
                    opened = true;
                    if (n <= 0) {
                        break;
                    }
                    memoryRead[0] += n;
                    byte[] data = java.util.Arrays.copyOf(buf.array(), carry.length + n);
                    long chunkStart = logical - carry.length;
                    apply(data, chunkStart, searches, state);
                    logical += n;
                    pos += n;
                    carry = java.util.Arrays.copyOfRange(data, Math.max(0, data.length - OVERLAP), data.length);
                }
                if (logical >= limit) {
                    break;
                }
            }
        }
    }

    private static void apply(byte[] data, long chunkStart, List<S> searches, Map<S, boolean[]> state) {
        String text = null;
        for (S s : searches) {
            boolean[] hit = state.get(s);
            long from = s.search.offset();
            long to = s.search.maxLength() == 0 ? Long.MAX_VALUE : from + s.search.maxLength();
            if (chunkStart + data.length <= from || chunkStart >= to) {
                continue;
            }
            int a = (int) Math.max(0, from - chunkStart);
            int b = (int) Math.min(data.length, to - chunkStart);
            int i = s.names.size() + s.libs.size();
            for (Pattern re : s.contents) {
                if (!hit[i]) {
                    if (text == null) {
                        text = new String(data, StandardCharsets.ISO_8859_1);
                    }
                    hit[i] = re.matcher(text).region(a, b).find();
                }
                i++;
            }
            for (byte[] needle : s.bytes) {
                if (!hit[i]) {
                    hit[i] = indexOf(data, a, b, needle) >= 0;
                }
                i++;
            }
        }
    }

    static int indexOf(byte[] h, int from, int to, byte[] n) {
        outer:
        for (int i = from; i <= to - n.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (h[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
