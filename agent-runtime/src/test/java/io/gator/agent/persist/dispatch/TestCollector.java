package io.gator.agent.persist.dispatch;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP collector on 127.0.0.1 that records every POST (path, content type, body) as the fixtures'
 * {@code .http-posts.json} do; it can hold its answers until released, and answer with any status.
 */
final class TestCollector implements AutoCloseable {
    /** One request as received. */
    record Post(String path, String contentType, String body) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final LinkedBlockingQueue<Post> posts = new LinkedBlockingQueue<>();
    private final List<Post> all = new ArrayList<>();
    private final CountDownLatch gate;
    private final int status;

    private TestCollector(boolean held, int status) throws IOException {
        this.gate = new CountDownLatch(held ? 1 : 0);
        this.status = status;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                Post p = new Post(exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8));
                synchronized (all) {
                    all.add(p);
                }
                posts.add(p);
                gate.await();
                exchange.sendResponseHeaders(this.status, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    /** Answers every POST at once with 200. */
    static TestCollector answering() throws IOException {
        return new TestCollector(false, 200);
    }

    /** Answers every POST at once with this status. */
    static TestCollector answeringWith(int status) throws IOException {
        return new TestCollector(false, status);
    }

    /** Holds every answer until {@link #release}. */
    static TestCollector holding() throws IOException {
        return new TestCollector(true, 200);
    }

    /** This collector's URL for a path. */
    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    void release() {
        gate.countDown();
    }

    /** The next POST received, waiting up to the timeout; fails when none came. */
    Post next(Duration timeout) throws InterruptedException {
        Post p = posts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (p == null) {
            throw new AssertionError("no POST within " + timeout);
        }
        return p;
    }

    /** Every POST received so far, in order. */
    List<Post> received() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
