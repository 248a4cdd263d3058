package io.gator.api.loader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP exchange of the loader-runner capture ({@code http/<phase>.txt}): the request mig-console, mig-loader
 * or curl sent MIG's API and what the API answered, bodies cut at their Content-Length.
 */
record CapturedExchange(String phase, java.time.Instant at, String method, String target, Map<String, String> headers, String body,
                        int status, String responseBody) {

    String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    static List<CapturedExchange> read(Path file) {
        String phase = file.getFileName().toString().replaceFirst("\\.txt$", "");
        String all;
        try {
            all = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<CapturedExchange> out = new ArrayList<>();
        java.util.regex.Matcher times = java.util.regex.Pattern.compile(
                "(?m)^={20} exchange [^\n]*first bytes at ([^ )]+)\\)").matcher(all);
        List<java.time.Instant> at = new ArrayList<>();
        while (times.find()) {
            at.add(java.time.Instant.parse(times.group(1)));
        }
        int n = 0;
        for (String part : all.split("(?m)^={20} exchange [^\n]*\n")) {
            int req = part.indexOf(">>> request\n");
            int resp = part.indexOf("<<< response\n");
            if (req < 0 || resp < 0) {
                continue;
            }
            Message rq = Message.parse(part.substring(req + ">>> request\n".length(), resp));
            Message rs = Message.parse(part.substring(resp + "<<< response\n".length()));
            String[] line = rq.startLine().split(" ");
            out.add(new CapturedExchange(phase, at.get(n++), line[0], line[1], rq.headers(), rq.body(),
                    Integer.parseInt(rs.startLine().split(" ")[1]), rs.body()));
        }
        return out;
    }

    private record Message(String startLine, Map<String, String> headers, String body) {
        static Message parse(String latin1) {
            int end = latin1.indexOf("\r\n\r\n");
            String head = latin1.substring(0, end);
            String[] lines = head.split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            String rest = latin1.substring(end + 4);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                StringBuilder body = new StringBuilder();
                int at = 0;
                while (true) {
                    int eol = rest.indexOf("\r\n", at);
                    int size = Integer.parseInt(rest.substring(at, eol).trim(), 16);
                    if (size == 0) {
                        break;
                    }
                    body.append(rest, eol + 2, eol + 2 + size);
                    at = eol + 2 + size + 2;
                }
                return new Message(lines[0], headers, new String(body.toString().getBytes(StandardCharsets.ISO_8859_1),
                        StandardCharsets.UTF_8));
            }
            int len = headers.containsKey("content-length") ? Integer.parseInt(headers.get("content-length"))
                    : 0;
            String body = new String(rest.substring(0, Math.min(len, rest.length()))
                    .getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            return new Message(lines[0], headers, body);
        }
    }
}
