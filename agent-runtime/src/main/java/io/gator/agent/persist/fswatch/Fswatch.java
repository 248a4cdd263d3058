package io.gator.agent.persist.fswatch;

import io.gator.agent.persist.PersistentContext;
import io.gator.agent.persist.PersistentModule;
import io.gator.core.module.persist.PersistentQueryModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * fswatch's actor, MIG's algorithm: every entry's objects are watched and their files hashed at start; a create or
 * write of a path is hashed after a random delay and compared with the object's previous hash (a change is a
 * {@code critical} alert, at most one per object within the suppression window; a hash of a path no entry tracks
 * is a warning in the log); a new directory of a recursive entry is watched too; the removal of an object is a
 * {@code low} alert, and an entry whose last object went is checked until its path reappears. Files are hashed on
 * a thread of the module's own, never on the actor's.
 */
final class Fswatch {
    /** Linux paths MIG watches when none are configured. */
    static final List<String> DEFAULT_PROFILE = List.of("/boot", "/etc/cron.d", "/var/spool/cron", "/bin", "/sbin",
            "/usr/bin", "/usr/sbin", "recursive:/etc", "/etc/init.d", "recursive:/etc/systemd");

    /** What fswatch's inner actor handles: the host's messages and its own. */
    private sealed interface Internal permits FromHost, Changed, Hashed, Recheck {}

    private record FromHost(PersistentModule.Message message) implements Internal {}

    private record Changed(FsWatcher.Event event) implements Internal {}

    private record Hashed(ProfileEntry entry, String path, byte[] hash) implements Internal {}

    private record Recheck(ProfileEntry entry) implements Internal {}

    /** fswatch cannot go on (a missing path, an object watched twice); the host starts it again. */
    static final class FswatchException extends RuntimeException {
        FswatchException(String message) {
            super(message);
        }
    }

    private final PersistentContext pc;
    private final FswatchTunables tunables;
    private final ActorContext<Internal> ctx;
    private final TimerScheduler<Internal> timers;
    private final FsWatcher watcher;
    private final ExecutorService hasher;
    private final List<ProfileEntry> entries = new ArrayList<>();

    private Fswatch(PersistentContext pc, FswatchTunables tunables, ActorContext<Internal> ctx,
                    TimerScheduler<Internal> timers, FsWatcher watcher, ExecutorService hasher) {
        this.pc = pc;
        this.tunables = tunables;
        this.ctx = ctx;
        this.timers = timers;
        this.watcher = watcher;
        this.hasher = hasher;
    }

    /**
     * The module's actor: forwards the host's messages to the inner actor that watches (the module protocol is
     * closed), and fails with the inner actor's failure, so that the host restarts the module.
     */
    static Behavior<PersistentModule.Message> create(PersistentContext pc, FswatchTunables tunables) {
        return Behaviors.setup(ctx -> {
            AtomicReference<RuntimeException> failure = new AtomicReference<>();
            ActorRef<Internal> inner = ctx.spawn(Behaviors.supervise(watching(pc, tunables, failure))
                    .onFailure(SupervisorStrategy.stop().withLoggingEnabled(false)), "watch"); // the host logs it
            ctx.watch(inner);
            return Behaviors.receive(PersistentModule.Message.class)
                    .onMessage(PersistentModule.Message.class, m -> {
                        inner.tell(new FromHost(m));
                        return Behaviors.same();
                    })
                    .onSignal(Terminated.class, t -> {
                        RuntimeException e = failure.get();
                        throw e != null ? e : new FswatchException("fswatch stopped");
                    })
                    .build();
        });
    }

    private static Behavior<Internal> watching(PersistentContext pc, FswatchTunables tunables,
                                               AtomicReference<RuntimeException> failure) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            List<String> configured = pc.settings().values("paths", "path");
            pc.log().info("module received configuration");
            List<String> paths = configured.isEmpty()
                    ? DEFAULT_PROFILE.stream().map(p -> underRoot(pc.root(), p)).toList() : configured;
            ActorRef<Internal> self = ctx.getSelf();
            FsWatcher watcher = new FsWatcher(e -> self.tell(new Changed(e)));
            ExecutorService hasher = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "gator-fswatch-hasher");
                t.setDaemon(true);
                return t;
            });
            Fswatch f = new Fswatch(pc, tunables, ctx, timers, watcher, hasher);
            try {
                paths.forEach(p -> f.entries.add(ProfileEntry.parse(p)));
                for (ProfileEntry e : f.entries) {
                    f.initialize(e);
                }
            } catch (RuntimeException e) {
                f.close();
                failure.set(e);
                throw e;
            }
            return f.behavior(failure);
        }));
    }

    private static String underRoot(Path root, String profilePath) {
        boolean recursive = profilePath.startsWith("recursive:");
        String p = recursive ? profilePath.substring("recursive:".length()) : profilePath;
        String resolved = root.resolve(p.substring(1)).toString();
        return recursive ? "recursive:" + resolved : resolved;
    }

    private Behavior<Internal> behavior(AtomicReference<RuntimeException> failure) {
        return Behaviors.receive(Internal.class)
                .onMessage(FromHost.class, h -> {
                    if (h.message() instanceof PersistentModule.Query q) {
                        q.replyTo().tell(PersistentQueryModule.ok());
                    }
                    return Behaviors.same();
                })
                .onMessage(Changed.class, c -> {
                    try {
                        route(c.event());
                    } catch (RuntimeException e) {
                        failure.set(e);
                        throw e;
                    }
                    return Behaviors.same();
                })
                .onMessage(Hashed.class, h -> {
                    updateHash(h.entry(), h.path(), h.hash());
                    return Behaviors.same();
                })
                .onMessage(Recheck.class, r -> {
                    if (Files.exists(Path.of(r.entry().path))) {
                        timers.cancel(r.entry());
                        try {
                            initialize(r.entry());
                        } catch (RuntimeException e) {
                            failure.set(e);
                            throw e;
                        }
                    }
                    return Behaviors.same();
                })
                .onSignal(PostStop.class, s -> {
                    close();
                    return Behaviors.same();
                })
                .build();
    }

    private void close() {
        watcher.close();
        hasher.shutdownNow();
    }

    /** Watches an entry's path (every sub-directory when recursive) and hashes the files it covers. */
    private void initialize(ProfileEntry e) {
        Path p = Path.of(e.path);
        if (!Files.exists(p)) {
            String msg = "stat " + e.path + ": no such file or directory";
            pc.log().info(msg);
            throw new FswatchException(msg);
        }
        if (Files.isRegularFile(p)) {
            addObject(e, e.path, false);
        } else if (Files.isDirectory(p) && !e.recursive) {
            addObject(e, e.path, true);
        } else if (Files.isDirectory(p)) {
            for (String dir : directoriesUnder(p)) {
                addObject(e, dir, true);
            }
        } else {
            throw new FswatchException("file type of entry path " + e.path + " cannot be monitored");
        }
        for (WatchedObject o : List.copyOf(e.objects.values())) {
            if (!o.directory) {
                hashLater(e, o.path, Duration.ZERO);
                continue;
            }
            for (String file : regularFilesIn(Path.of(o.path))) {
                // covered by the directory's watch
                e.objects.putIfAbsent(file, new WatchedObject(file, false, false));
                hashLater(e, file, Duration.ZERO);
            }
        }
    }

    /**
     * A directory that appeared in a recursive entry, with what it already holds: files moved or written into it
     * before its watch was in place raise no event of their own, so they are tracked (and hashed) here.
     */
    private void addNewDirectory(ProfileEntry e, Path dir) {
        for (String d : directoriesUnder(dir)) {
            if (!e.objects.containsKey(d)) {
                addObject(e, d, true);
            }
            for (String file : regularFilesIn(Path.of(d))) {
                if (e.objects.putIfAbsent(file, new WatchedObject(file, false, false)) == null) {
                    hashLater(e, file, Duration.ZERO);
                }
            }
        }
    }

    /** The directory and every directory below it, in lexical order, symbolic links not followed (Go's Walk). */
    private static List<String> directoriesUnder(Path root) {
        List<String> out = new ArrayList<>();
        out.add(root.toString());
        try (Stream<Path> s = Files.list(root)) {
            for (Path c : s.sorted().toList()) {
                if (Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS)) {
                    out.addAll(directoriesUnder(c));
                }
            }
        } catch (IOException e) {
            // Go's Walk skips what it cannot read
        }
        return out;
    }

    private static List<String> regularFilesIn(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).map(Path::toString)
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private void addObject(ProfileEntry e, String path, boolean directory) {
        if (e.objects.containsKey(path)) {
            throw new FswatchException("object for path " + path + " already exists");
        }
        e.objects.put(path, new WatchedObject(path, directory, true));
        pc.log().info("adding monitoring for object " + path);
        try {
            watcher.add(path, directory);
        } catch (IOException ex) {
            // as fsnotify's failure to add a watch, not fatal: the object stays known
            pc.log().warn("cannot watch " + path + ": " + ex.getMessage());
        }
    }

    /** The entry with an object for the path, else the one with an object for its directory. */
    private void route(FsWatcher.Event ev) {
        for (ProfileEntry e : entries) {
            if (e.objects.containsKey(ev.path())) {
                handle(e, ev);
                return;
            }
        }
        Path parent = Path.of(ev.path()).getParent();
        String dir = parent == null ? "/" : parent.toString();
        for (ProfileEntry e : entries) {
            if (e.objects.containsKey(dir)) {
                handle(e, ev);
                return;
            }
        }
        alert("high", "unhandled notification for " + ev.path());
    }

    private void handle(ProfileEntry e, FsWatcher.Event ev) {
        String path = ev.path();
        if (ev.op() == FsWatcher.Op.CREATE && e.recursive) {
            Path p = Path.of(path);
            if (!Files.exists(p)) {
                alert("medium", "unable to stat new path " + path);
                return;
            }
            if (Files.isDirectory(p)) {
                addNewDirectory(e, p);
                return;
            }
            if (Files.isRegularFile(p)) {
                e.objects.putIfAbsent(path, new WatchedObject(path, false, false));
            }
        } else if (ev.op() == FsWatcher.Op.REMOVE) {
            if (e.objects.containsKey(path)) {
                alert("low", "path " + path + " removed");
                removeObject(e, path);
            }
            return;
        }
        long maxMillis = tunables.hashDelay().toMillis();
        Duration delay = tunables.hashSettle().plus(maxMillis <= 0 ? Duration.ZERO
                : Duration.ofMillis(ThreadLocalRandom.current().nextLong(maxMillis + 1)));
        hashLater(e, path, delay);
    }

    private void removeObject(ProfileEntry e, String path) {
        WatchedObject o = e.objects.remove(path);
        if (o == null || !o.monitored) {
            return;
        }
        pc.log().info("removing monitoring for object " + path);
        watcher.remove(path, o.directory);
        if (e.objects.isEmpty()) {
            pc.log().info("last object in " + e.path + " removed, periodically checking for existence");
            timers.startTimerWithFixedDelay(e, new Recheck(e), tunables.recheckInterval());
        }
    }

    private void hashLater(ProfileEntry e, String path, Duration delay) {
        ActorRef<Internal> self = ctx.getSelf();
        Runnable job = () -> self.tell(new Hashed(e, path, sha256(path)));
        Runnable submit = () -> {
            try {
                hasher.execute(job);
            } catch (RejectedExecutionException stopped) {
                // the module stopped meanwhile
            }
        };
        if (delay.isZero()) {
            submit.run();
        } else {
            ctx.getSystem().scheduler().scheduleOnce(delay, submit, ctx.getExecutionContext());
        }
    }

    /** SHA-256 of a file's contents; empty when it cannot be read (as MIG's hasher). */
    static byte[] sha256(String path) {
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return md.digest();
        } catch (IOException | RuntimeException e) {
            return new byte[0];
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    private void updateHash(ProfileEntry e, String path, byte[] hash) {
        WatchedObject o = e.objects.get(path);
        if (o == null) {
            pc.log().info("warning: received hash reply for untracked object " + path);
            return;
        }
        o.previous = o.current;
        o.current = hash;
        if (o.previous.length == 0 || java.util.Arrays.equals(o.previous, o.current)) {
            return;
        }
        Instant now = pc.clock().instant();
        if (o.lastAlert.isPresent()
                && Duration.between(o.lastAlert.get(), now).compareTo(tunables.alertSuppression()) <= 0) {
            return;
        }
        HexFormat hex = HexFormat.of();
        alert("critical", o.path + " signature changed " + hex.formatHex(o.previous) + " -> "
                + hex.formatHex(o.current));
        o.lastAlert = java.util.Optional.of(now);
    }

    private void alert(String severity, String text) {
        pc.alerts().alert(new FswatchAlert(severity, text).json());
    }
}
