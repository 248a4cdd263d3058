package io.gator.agent.persist;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.agent.direct.StructJson;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * MIG's query socket of one persistent module ({@code <rundir>/persist-<name>.sock}, mode 0600): each connection
 * sends one line {@code {"class":"parameters","parameters":...}} and gets the module's result as one JSON line, so
 * that {@code mig-agent -m <name>} (and {@code gator agent -m <name>}) can query the module of a running agent.
 * One daemon thread accepts; connections are answered one after the other, which is all a query needs.
 */
public final class QuerySocket {
    private static final int MAX_LINE = 1 << 20;
    private final ServerSocketChannel server;
    private final Path path;
    private final Thread acceptor;

    private QuerySocket(ServerSocketChannel server, Path path, Thread acceptor) {
        this.server = server;
        this.path = path;
        this.acceptor = acceptor;
    }

    /** Listens on {@code path} (a stale socket file there is replaced). */
    public static QuerySocket open(Path path, String module, ActorRef<PersistentModules.Protocol> host,
                                   Scheduler scheduler, Duration timeout) throws IOException {
        Files.createDirectories(path.getParent());
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        Thread t = new Thread(() -> serve(server, module, host, scheduler, timeout), "gator-persist-sock-" + module);
        t.setDaemon(true);
        t.start();
        return new QuerySocket(server, path, t);
    }

    private static void serve(ServerSocketChannel server, String module, ActorRef<PersistentModules.Protocol> host,
                              Scheduler scheduler, Duration timeout) {
        while (server.isOpen()) {
            try (SocketChannel ch = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                        StandardCharsets.UTF_8));
                String line = readLine(in);
                Result result = answer(line, module, host, scheduler, timeout);
                OutputStream out = Channels.newOutputStream(ch);
                String json = StructJson.write(MigJson.mapper().valueToTree(result));
                out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
            }
        }
    }

    private static String readLine(BufferedReader in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (sb.length() >= MAX_LINE) {
                throw new IOException("query line too long");
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    private static Result answer(String line, String module, ActorRef<PersistentModules.Protocol> host,
                                 Scheduler scheduler, Duration timeout) {
        JsonNode msg;
        try {
            msg = MigJson.mapper().readTree(line);
        } catch (IOException e) {
            return Result.failure("invalid query: " + e.getMessage());
        }
        if (msg == null || !"parameters".equals(msg.path("class").asText())) {
            return Result.failure("unexpected input is not module parameters");
        }
        try {
            return AskPattern.<PersistentModules.Protocol, Result>ask(host,
                            r -> new PersistentModules.Ask(module, msg.path("parameters"), r), timeout, scheduler)
                    .toCompletableFuture().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return Result.failure("module " + module + " did not answer within " + timeout.toMillis() + "ms");
        }
    }

    /** Stops listening and removes the socket file. */
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // the agent is stopping; a stale file is replaced at the next start
        }
        acceptor.interrupt();
    }
}
