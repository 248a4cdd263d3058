package io.gator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.core.action.Action;
import io.gator.core.action.Counters;
import io.gator.core.agent.Agent;
import io.gator.core.command.Command;
import io.gator.core.command.CommandStatus;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * The class data sharing training's stand-in for the API, on a loopback port: HTTP/1.1 with kept-alive connections
 * as the real API, one online agent, the posted action echoed back as created, and an event stream that delivers
 * one command with a file result and the final status. A training launch then loads what a real one does (the
 * agent count, the action's JSON both ways, the stream, the result printer); other paths answer an empty collection.
 */
final class CdsTrainingApi implements AutoCloseable {
    /** Largest request head or form read: the training's own requests are far smaller. */
    private static final int MAX_REQUEST = 1 << 20;
    private static final String EMPTY = "{\"collection\":{\"items\":[]}}";
    private static final String FILE_ELEMENTS = "{\"s1\":[{\"file\":\"/etc/passwd\",\"search\":{\"names\":[\"^passwd$\"],"
            + "\"options\":{\"matchall\":true}},\"fileinfo\":{\"size\":1650,\"mode\":\"-rw-r--r--\","
            + "\"lastmodified\":\"2026-01-01 00:00:00 +0000 UTC\"}}]}";
    private static final String FILE_STATISTICS = "{\"filescount\":1,\"openfailed\":0,\"totalhits\":1,\"exectime\":\"1ms\"}";

    private final ServerSocket server;
    private final Agent agent = Agent.of("cds-training", "linux.cds-training.1").withId(1).withStatus("online");
    private volatile Action created;

    CdsTrainingApi() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread serving = new Thread(this::accept, "cds-training-api");
        serving.setDaemon(true);
        serving.start();
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "cds-training-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                // closed: the training is over
            }
        }
    }

    /** Requests of one connection until the client closes it. */
    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(10_000);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            for (String head; (head = readHead(in)) != null; ) {
                int length = 0;
                for (String line : head.split("\r\n")) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                if (length < 0 || length > MAX_REQUEST) {
                    return;
                }
                String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
                if (!answer(requestLine.length > 1 ? requestLine[1] : "/", body, out)) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // a client that went away, or a request the training does not make: next connection
        }
    }

    /** Answers one request; false when the connection ends with it (the event stream). */
    private boolean answer(String target, String body, OutputStream out) throws IOException {
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        String query = target.contains("?") ? target.substring(target.indexOf('?') + 1) : "";
        if (path.endsWith("/search") && query.contains("type=agent")) {
            send(out, "application/json", items("agent", MigJson.mapper().valueToTree(agent)));
        } else if (path.endsWith("/search") && query.contains("type=command")) {
            send(out, "application/json", items("command", MigJson.mapper().valueToTree(command())));
        } else if (path.endsWith("/action/create/") && body.startsWith("action=")) {
            Action a = MigJson.read(URLDecoder.decode(body.substring(7), StandardCharsets.UTF_8), Action.class)
                    .withId(1).withStatus("init");
            created = a;
            send(out, "application/json", items("action", MigJson.mapper().valueToTree(a)));
        } else if (path.endsWith("/action") && created != null) {
            send(out, "application/json", items("action", MigJson.mapper().valueToTree(created)));
        } else if (path.endsWith("/action/stream") && created != null) {
            stream(out);
            return false;
        } else {
            send(out, "application/json", EMPTY);
        }
        return true;
    }

    /** The stream of an action one agent answered: its command, then the final status. */
    private void stream(OutputStream out) throws IOException {
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.put("actionid", 1).put("status", "completed");
        state.set("counters", MigJson.mapper().valueToTree(new Counters(1, 1, 0, 1, 0, 0, 0, 0)));
        String events = "event: result\nid: 1\ndata: " + MigJson.write(command()) + "\n\n"
                + "event: progress\nid: 1\ndata: " + state + "\n\n"
                + "event: done\nid: 1\ndata: " + state + "\n\n";
        byte[] chunk = events.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(chunk);
        out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private Command command() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Action a = created != null ? created : Action.of(1, "cds training", "status='online'", now, now, List.of());
        return new Command(1, a, agent, CommandStatus.SUCCESS, List.of(new Result(true, true,
                MigJson.tree(FILE_ELEMENTS), MigJson.tree(FILE_STATISTICS), List.of())), now, now);
    }

    private static String items(String name, JsonNode value) {
        ObjectNode env = JsonNodeFactory.instance.objectNode();
        ObjectNode data = env.putObject("collection").putArray("items").addObject().putArray("data").addObject();
        data.put("name", name).set("value", value);
        return env.toString();
    }

    private static void send(OutputStream out, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    /** A request head up to its blank line; null at the end of the connection. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b; (b = in.read()) >= 0; ) {
            head.write(b);
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
            if (matched == 4) {
                return head.toString(StandardCharsets.US_ASCII);
            }
            if (head.size() > MAX_REQUEST) {
                return null;
            }
        }
        return null;
    }
}
