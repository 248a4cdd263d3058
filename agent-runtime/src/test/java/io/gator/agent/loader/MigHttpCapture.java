package io.gator.agent.loader;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP exchanges of one capture file ({@code mig-wire/loader-runner/http/*.raw}: frames
 * {@code ### conn=<n> <C->S|S->C> t=<time> len=<bytes>} each followed by that many bytes), paired request with
 * response per connection.
 */
record MigHttpCapture(List<Exchange> exchanges) {

    /** One request and its response. */
    record Exchange(String method, String target, Map<String, String> requestHeaders, byte[] requestBody,
                    int status, byte[] responseBody) {
        String requestText() {
            return new String(requestBody, StandardCharsets.UTF_8);
        }
    }

    private static final Pattern FRAME = Pattern.compile("### conn=(\\d+) (C->S|S->C) t=\\S+ len=(\\d+)\n");

    static MigHttpCapture read(Path raw) throws Exception {
        byte[] all = Files.readAllBytes(raw);
        String latin = new String(all, StandardCharsets.ISO_8859_1);
        Map<String, ByteArrayOutputStream> streams = new LinkedHashMap<>();
        Matcher m = FRAME.matcher(latin);
        int from = 0;
        while (m.find(from)) {
            int start = m.end();
            int len = Integer.parseInt(m.group(3));
            streams.computeIfAbsent(m.group(1) + " " + m.group(2), k -> new ByteArrayOutputStream())
                    .write(all, start, len);
            from = start + len;
        }
        List<Exchange> out = new ArrayList<>();
        for (String key : streams.keySet()) {
            if (!key.endsWith("C->S")) {
                continue;
            }
            String conn = key.substring(0, key.indexOf(' '));
            List<Message> requests = messages(streams.get(key).toByteArray());
            ByteArrayOutputStream resp = streams.get(conn + " S->C");
            List<Message> responses = resp == null ? List.of() : messages(resp.toByteArray());
            for (int i = 0; i < requests.size() && i < responses.size(); i++) {
                String[] req = requests.get(i).startLine().split(" ");
                String[] st = responses.get(i).startLine().split(" ");
                out.add(new Exchange(req[0], req[1], requests.get(i).headers(), requests.get(i).body(),
                        Integer.parseInt(st[1]), responses.get(i).body()));
            }
        }
        return new MigHttpCapture(out);
    }

    /** The exchanges whose request went to a path ending with {@code route}. */
    List<Exchange> to(String route) {
        return exchanges.stream().filter(e -> e.target().endsWith(route)).toList();
    }

    private record Message(String startLine, Map<String, String> headers, byte[] body) {}

    private static List<Message> messages(byte[] stream) {
        List<Message> out = new ArrayList<>();
        String latin = new String(stream, StandardCharsets.ISO_8859_1);
        int pos = 0;
        while (pos < stream.length) {
            int end = latin.indexOf("\r\n\r\n", pos);
            if (end < 0) {
                break;
            }
            String[] lines = latin.substring(pos, end).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
            int bodyStart = end + 4;
            int len = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = java.util.Arrays.copyOfRange(stream, bodyStart, bodyStart + len);
            out.add(new Message(lines[0], headers, body));
            pos = bodyStart + len;
        }
        return out;
    }
}
