package io.gator.cli.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * An open {@code GET /action/stream} answer read event by event (server-sent events: {@code event:}, {@code id:},
 * {@code data:} lines, a blank line ends an event, lines starting with a colon are comments). Closing it from
 * another thread ends a blocked {@link #next()}.
 */
public final class ActionStream implements AutoCloseable {
    /** One event; {@code id} is -1 when the server sent none. */
    public record Event(String event, long id, String data) {}

    /** Longest event accepted (one command's results can be large); a longer one breaks the stream. */
    static final int MAX_EVENT_CHARS = 64 * 1024 * 1024;

    private final InputStream body;
    private final Runnable disconnect;
    private final BufferedReader lines;

    /** {@code disconnect} closes the connection under a blocked read (closing the body alone waits for it). */
    ActionStream(InputStream body, Runnable disconnect) {
        this.body = body;
        this.disconnect = disconnect;
        this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /** The next event, or empty when the server ended the stream; IOException when it broke. */
    public Optional<Event> next() throws IOException {
        String event = "message";
        long id = -1;
        StringBuilder data = new StringBuilder();
        boolean any = false;
        for (String line; (line = lines.readLine()) != null; ) {
            if (line.isEmpty()) {
                if (any) {
                    return Optional.of(new Event(event, id, data.toString()));
                }
                continue;
            }
            if (line.startsWith(":")) {
                continue; // keep-alive comment
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> event = value;
                case "id" -> {
                    try {
                        id = Long.parseLong(value.trim());
                    } catch (NumberFormatException e) {
                        throw new IOException("event id '" + value + "' is not a number");
                    }
                }
                case "data" -> {
                    if (data.length() > 0) {
                        data.append('\n');
                    }
                    data.append(value);
                    if (data.length() > MAX_EVENT_CHARS) {
                        throw new IOException("event larger than " + MAX_EVENT_CHARS + " characters");
                    }
                }
                default -> { } // retry and unknown fields: ignored, as the SSE specification says
            }
            any = true;
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        disconnect.run();
        try {
            body.close();
        } catch (IOException e) {
            // closing to stop: nothing to do
        }
    }
}
