package io.gator.agent.persist.fswatch;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * fswatch's view of the file system (MIG uses fsnotify): directories and single files are watched, and every change
 * of a watched directory's entries or of a watched file comes out as a create, write or remove of a path. The JDK's
 * watch service watches directories only (inotify on Linux), so a watched file is a watch of its directory whose
 * other entries are ignored. One daemon thread takes the events.
 */
final class FsWatcher implements AutoCloseable {
    /** What happened to a path. */
    enum Op { CREATE, WRITE, REMOVE }

    /** One change. */
    record Event(Op op, String path) {}

    private final WatchService service;
    private final Set<String> dirs = ConcurrentHashMap.newKeySet();
    private final Set<String> files = ConcurrentHashMap.newKeySet();
    private final Map<String, WatchKey> keys = new HashMap<>();
    private final Map<String, Integer> uses = new HashMap<>();
    private final Thread thread;

    FsWatcher(Consumer<Event> sink) throws IOException {
        service = FileSystems.getDefault().newWatchService();
        thread = new Thread(() -> loop(sink), "gator-fswatch-events");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts watching a directory (its entries) or a file. */
    synchronized void add(String path, boolean directory) throws IOException {
        String dir = directory ? path : parent(path);
        if (!uses.containsKey(dir)) {
            keys.put(dir, Path.of(dir).register(service, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE));
        }
        uses.merge(dir, 1, Integer::sum);
        (directory ? dirs : files).add(path);
    }

    /** Stops watching what {@link #add} started. */
    synchronized void remove(String path, boolean directory) {
        if (!(directory ? dirs : files).remove(path)) {
            return;
        }
        String dir = directory ? path : parent(path);
        if (uses.merge(dir, -1, Integer::sum) <= 0) {
            uses.remove(dir);
            WatchKey k = keys.remove(dir);
            if (k != null) {
                k.cancel();
            }
        }
    }

    private static String parent(String path) {
        Path p = Path.of(path).getParent();
        return p == null ? "/" : p.toString();
    }

    private void loop(Consumer<Event> sink) {
        try {
            while (true) {
                WatchKey key = service.take();
                String dir = key.watchable().toString();
                for (WatchEvent<?> e : key.pollEvents()) {
                    if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                        continue;
                    }
                    String path = Path.of(dir).resolve((Path) e.context()).toString();
                    if (dirs.contains(dir) || files.contains(path)) {
                        Op op = e.kind() == StandardWatchEventKinds.ENTRY_CREATE ? Op.CREATE
                                : e.kind() == StandardWatchEventKinds.ENTRY_DELETE ? Op.REMOVE : Op.WRITE;
                        sink.accept(new Event(op, path));
                    }
                }
                if (!key.reset() && dirs.contains(dir)) {
                    sink.accept(new Event(Op.REMOVE, dir)); // the watched directory itself is gone
                    forget(dir, key);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed with the module
        }
    }

    private synchronized void forget(String dir, WatchKey key) {
        if (keys.get(dir) == key) {
            keys.remove(dir);
            uses.remove(dir);
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            // nothing left to release
        }
        thread.interrupt();
    }
}
