package io.gator.agent.module.file;

import io.gator.agent.module.ModuleContext;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the walk's files go. When hashes are wanted and no search reads content lines, candidate files are hashed
 * on {@value #HASH_THREADS} threads of the run while the walk goes on (reading one file overlaps hashing another,
 * which pays most on a cold page cache), at most {@value #HASH_WINDOW} files ahead. Every outcome is applied on
 * the walking thread in walk order, with the same limits and checks as one by one, so results and their order do
 * not change. Memory stays bounded: one buffer per hashing thread, no file is ever held whole. Otherwise each file
 * is matched at once.
 */
final class HashAhead implements FileWalker.FileSink {
    /** Threads hashing candidate files of one run while it walks. */
    static final int HASH_THREADS = 2;
    /** Files hashed ahead of the walk's outcomes, at most. */
    static final int HASH_WINDOW = 16;

    /** Digests of one file (lower-case hex by algorithm), or why it could not be read. */
    record Digests(boolean decompress, Map<String, String> hex, IOException failure) {}

    /** A file handed to the hashing threads, and the searches active for it when the walk reached it. */
    private record Ahead(Path path, BasicFileAttributes attrs, List<SearchState> active, Future<Digests> digests) {}

    private final ModuleContext ctx;
    private final Tally tally;
    private final FileHasher hasher;
    private final FileMatcher matcher;
    private final boolean hashAhead;
    private ExecutorService hashPool;
    /** One buffer per hashing thread; made with the hashing threads (most runs never hash). */
    private ThreadLocal<byte[]> hashBuffers;
    private final ArrayDeque<Ahead> ahead = new ArrayDeque<>();

    /** @param hashAhead whether to hash ahead of the walk (hashes wanted, no content lines read) */
    HashAhead(ModuleContext ctx, Tally tally, FileHasher hasher, FileMatcher matcher, boolean hashAhead) {
        this.ctx = ctx;
        this.tally = tally;
        this.hasher = hasher;
        this.matcher = matcher;
        this.hashAhead = hashAhead;
    }

    void close() {
        if (hashPool != null) {
            hashPool.shutdownNow();
        }
    }

    /** Evaluates now, or (hashing ahead) hands the file to the hashing threads and applies outcomes in order. */
    @Override
    public void accept(Path p, BasicFileAttributes a, List<SearchState> active) {
        if (!hashAhead) {
            matcher.evaluate(p, a, active, null);
            return;
        }
        List<SearchState> snapshot = List.copyOf(active);
        List<SearchState> deep = new ArrayList<>();
        for (SearchState s : snapshot) {
            if (s.checks.stream().anyMatch(c -> c.algorithm != null) && matcher.cheapCandidate(s, p, a)) {
                deep.add(s);
            }
        }
        Future<Digests> f = null;
        if (!deep.isEmpty()) {
            boolean decompress = deep.stream().anyMatch(s -> s.search.options().decompress());
            Set<String> algorithms = new LinkedHashSet<>();
            deep.forEach(s -> s.checks.stream().filter(c -> c.algorithm != null).forEach(c -> algorithms.add(c.algorithm)));
            if (hashPool == null) {
                hashBuffers = ThreadLocal.withInitial(() -> new byte[FileHasher.BUFFER]);
                AtomicInteger n = new AtomicInteger();
                hashPool = Executors.newFixedThreadPool(HASH_THREADS, r -> {
                    Thread t = new Thread(r, "gator-file-hash-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
            }
            ThreadLocal<byte[]> buffers = hashBuffers;
            f = hashPool.submit(() -> {
                ctx.budget().enlist(); // the hashing threads' CPU and allocations are the run's
                try {
                    return new Digests(decompress, hasher.digests(p, algorithms, decompress, buffers.get()), null);
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
                    ctx.checkCancelled(FileRunner.NAME);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re; // cancelled while hashing
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
            // the searches the walk would have left active here, one file at a time
            List<SearchState> active = new ArrayList<>(h.active());
            active.removeIf(s -> tally.totalHits >= s.matchLimit);
            if (!active.isEmpty()) {
                matcher.evaluate(h.path(), h.attrs(), active, d);
            }
        }
    }
}
