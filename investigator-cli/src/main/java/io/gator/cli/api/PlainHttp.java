package io.gator.cli.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One request, one answer, on the calling thread ({@link HttpURLConnection}, kept-alive connections reused).
 * Not the JDK's {@code java.net.http.HttpClient}: that one costs about 250 ms to set up, and its selector thread
 * waits in native code, which makes the JVM wait 300 ms more when the CLI exits.
 */
final class PlainHttp {
    /** The largest answer read: far above any API envelope, small enough for the CLI's heap. */
    static final int MAX_BODY_BYTES = 256 * 1024 * 1024;

    /** An answer: status code and body (UTF-8). */
    record Response(int statusCode, String body) {}

    private PlainHttp() {}

    /** GET, or POST {@code form} (form-encoded) when present; no proxy, as the API client always did. */
    static Response exchange(URI uri, Map<String, String> headers, Optional<String> form, Duration connectTimeout,
                             Duration timeout) throws IOException {
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IOException("not an http(s) URL: " + uri);
        }
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
        c.setConnectTimeout((int) connectTimeout.toMillis());
        c.setReadTimeout((int) timeout.toMillis());
        c.setInstanceFollowRedirects(false);
        headers.forEach(c::setRequestProperty);
        if (form.isPresent()) {
            byte[] bytes = form.get().getBytes(StandardCharsets.UTF_8);
            c.setRequestMethod("POST");
            c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            c.setDoOutput(true);
            // not streamed: in streaming mode a 401 answer's body (MIG's error message) cannot be read
            try (OutputStream out = c.getOutputStream()) {
                out.write(bytes);
            }
        }
        int status = c.getResponseCode();
        long length = c.getContentLengthLong();
        if (length > MAX_BODY_BYTES) {
            c.disconnect();
            throw new IOException("answer of " + length + " bytes, more than " + MAX_BODY_BYTES);
        }
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        if (in == null) {
            return new Response(status, "");
        }
        try (in) {
            return new Response(status, new String(readBounded(in), StandardCharsets.UTF_8));
        }
    }

    /** An answer being read: status code, content type and the body as it arrives. */
    record Streaming(int statusCode, String contentType, InputStream body, Runnable disconnect) {}

    /**
     * GET whose body is read as it arrives (a server-sent event stream): no read timeout, since the server's
     * keep-alive comments are what tells a live stream from a dead one.
     */
    static Streaming open(URI uri, Map<String, String> headers, Duration connectTimeout) throws IOException {
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IOException("not an http(s) URL: " + uri);
        }
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
        c.setConnectTimeout((int) connectTimeout.toMillis());
        c.setInstanceFollowRedirects(false);
        headers.forEach(c::setRequestProperty);
        int status = c.getResponseCode();
        String type = Optional.ofNullable(c.getContentType()).orElse("");
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        return new Streaming(status, type, in == null ? InputStream.nullInputStream() : in, c::disconnect);
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        for (int n; (n = in.read(buf)) > 0; ) {
            if (out.size() + n > MAX_BODY_BYTES) {
                throw new IOException("answer larger than " + MAX_BODY_BYTES + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
