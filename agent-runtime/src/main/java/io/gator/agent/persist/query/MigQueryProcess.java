package io.gator.agent.persist.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.agent.direct.StructJson;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * MIG's query process of a persistent module ({@code mig-agent -m fswatch}, which the agent starts for an
 * operation naming the module): reads the parameters message with the {@code persistsock} the agent added, connects
 * to that socket ({@code unix:<path>} or {@code tcp:<host>:<port>}), sends the module's parameters and answers what
 * the running module sends back, verbatim. Every failure is a failed result with MIG's texts.
 */
public final class MigQueryProcess {
    private static final String READ = "ReadPersistInputParameters() -> ";
    private static final String QUERY = "{\"class\":\"parameters\",\"parameters\":{}}\n";

    private MigQueryProcess() {}

    /** The output for the given standard input: the module's answer line, or a failed result's JSON. */
    public static String answer(byte[] stdin) {
        JsonNode msg;
        try {
            msg = MigJson.mapper().readTree(stdin);
        } catch (IOException e) {
            return failed(READ + "ReadInput() -> " + e.getMessage());
        }
        if (msg == null || !msg.isObject()) {
            return failed(READ + "ReadInput() -> the input is not a JSON object");
        }
        if (!"parameters".equals(msg.path("class").asText())) {
            return failed(READ + "unexpected input is not module parameters");
        }
        String spec = msg.path("persistsock").asText("");
        if (spec.isEmpty()) {
            return failed(READ + "no persistsock set in message");
        }
        try {
            return request(spec);
        } catch (QueryException e) {
            return failed(e.getMessage());
        }
    }

    private static String request(String spec) {
        String[] args = spec.split(":", -1);
        if (args.length > 3) {
            throw new QueryException("invalid socket specification for request");
        }
        SocketAddress address;
        String shown;
        switch (args[0]) {
            case "unix" -> {
                if (args.length != 2) {
                    throw new QueryException("invalid socket specification for unix connection");
                }
                address = UnixDomainSocketAddress.of(args[1]);
                shown = "dial unix " + args[1];
            }
            case "tcp" -> {
                if (args.length != 3) {
                    throw new QueryException("invalid socket specification for tcp connection");
                }
                int port;
                try {
                    port = Integer.parseInt(args[2]);
                } catch (NumberFormatException e) {
                    throw new QueryException("dial tcp " + args[1] + ":" + args[2] + ": unknown port");
                }
                address = new InetSocketAddress(args[1], port);
                shown = "dial tcp " + args[1] + ":" + args[2];
            }
            default -> throw new QueryException("socket specification had invalid address family");
        }
        try (SocketChannel ch = connect(address, args[0].equals("unix") ? Path.of(args[1]) : null, shown)) {
            OutputStream out = Channels.newOutputStream(ch);
            out.write(QUERY.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = Channels.newInputStream(ch);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new QueryException(e.getMessage());
        }
    }

    private static SocketChannel connect(SocketAddress address, Path unixPath, String shown) {
        try {
            SocketChannel ch = SocketChannel.open(unixPath != null ? StandardProtocolFamily.UNIX
                    : ((InetSocketAddress) address).getAddress() instanceof java.net.Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            try {
                ch.connect(address);
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            return ch;
        } catch (ConnectException e) {
            if (unixPath != null && !Files.exists(unixPath)) {
                throw new QueryException(shown + ": connect: no such file or directory");
            }
            throw new QueryException(shown + ": connect: connection refused");
        } catch (IOException e) {
            if (unixPath != null && !Files.exists(unixPath)) {
                throw new QueryException(shown + ": connect: no such file or directory");
            }
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new QueryException(shown + ": connect: " + m.toLowerCase(Locale.ROOT));
        }
    }

    private static String failed(String error) {
        return StructJson.write(MigJson.mapper().valueToTree(Result.failure(error)));
    }

    /** A failure of the query, with MIG's text. */
    private static final class QueryException extends RuntimeException {
        QueryException(String message) {
            super(message);
        }
    }
}
