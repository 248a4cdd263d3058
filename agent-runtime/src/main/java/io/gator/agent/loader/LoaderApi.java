package io.gator.agent.loader;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.agent.Agent;
import io.gator.core.json.GoJson;
import io.gator.core.json.MigJson;
import io.gator.core.manifest.InvalidManifestException;
import io.gator.core.manifest.Manifest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

/**
 * The loader's side of MIG's loader endpoints: {@code POST <api>manifest/agent/} and {@code POST
 * <api>manifest/fetch/}, each a form with {@code parameters=<ManifestParameters JSON>} and the key in
 * {@code X-LOADERKEY}, answered with a Collection+JSON document. Every answer is read up to a bound and refused
 * past it before anything parses it.
 */
public final class LoaderApi {
    private final HttpClient http;
    private final URI base;
    private final String key;
    private final Duration requestTimeout;
    private final long maxManifest;
    private final long maxFetch;
    private final long maxFile;

    public LoaderApi(HttpClient http, LoaderSettings s) {
        this.http = http;
        this.base = s.apiUrl();
        this.key = s.loaderKey();
        this.requestTimeout = s.requestTimeout();
        this.maxManifest = s.maxManifestResponse();
        this.maxFetch = s.maxFetchResponse();
        this.maxFile = s.maxFileSize();
    }

    /** The HTTP client the loader uses: no redirects followed, the CA file's trust when one is configured. */
    public static HttpClient client(LoaderSettings s) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(s.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1);
        s.caFile().ifPresent(ca -> b.sslContext(io.gator.core.tls.PemTls.sslContext(java.util.Optional.of(ca),
                java.util.Optional.empty(), java.util.Optional.empty(), "gator.loader.tls")));
        return b.build();
    }

    /** The URL of a route under the API's base. */
    public URI url(String route) {
        return base.resolve(route);
    }

    /** The manifest of this loader's entry, as sent (signatures not checked here). */
    public Manifest manifest(Agent agent) throws LoaderApiException {
        Buffer body = post("manifest/agent/", agent, "", maxManifest);
        JsonNode value = itemValue(body, "manifest");
        try {
            return Manifest.fromTree(value);
        } catch (InvalidManifestException e) {
            throw new LoaderApiException("the API's manifest is malformed: " + e.getMessage(), e);
        }
    }

    /** One file of the manifest, gunzipped; refused past the file size bound. */
    public byte[] fetch(Agent agent, String object) throws LoaderApiException {
        // the answer is dropped once decoded: at most the answer and its gzip, then the gzip and the file, are held
        Buffer gz = gzipOf(object, post("manifest/fetch/", agent, object, maxFetch));
        try (InputStream in = new GZIPInputStream(gz.asInput())) {
            return readBounded(in, maxFile, (int) Math.min(gz.gzipSize(), maxFile),
                    "file " + object + " is larger than " + maxFile + " bytes once decompressed").bytes();
        } catch (TooLargeException e) {
            throw new LoaderApiException(e.getMessage(), e);
        } catch (IOException e) {
            throw new LoaderApiException("file " + object + " from the API is not gzip data: " + e.getMessage(), e);
        }
    }

    /** The base64 data of a fetch answer, decoded while parsed (no string of the whole file is made). */
    private static Buffer gzipOf(String object, Buffer body) throws LoaderApiException {
        Buffer gz = new Buffer(body.size() * 3 / 4 + 16);
        try (JsonParser p = MigJson.mapper().getFactory().createParser(body.array(), 0, body.size())) {
            if (!seekData(p)) {
                throw new LoaderApiException("the API's answer for " + object + " holds no file data");
            }
            p.readBinaryValue(gz);
        } catch (IOException e) {
            throw new LoaderApiException("the API's answer for " + object + " is malformed: " + e.getMessage(), e);
        }
        return gz;
    }

    /** This host's public IP as the API sees it ({@code GET <api>ip}), as mig-loader's discovery. */
    public String publicIp() throws LoaderApiException {
        HttpRequest r = HttpRequest.newBuilder(url("ip")).timeout(requestTimeout).GET().build();
        Buffer body = send(r, 256);
        String ip = new String(body.array(), 0, body.size(), StandardCharsets.US_ASCII).strip();
        if (!ip.matches("[0-9a-fA-F.:]{2,45}")) {
            throw new LoaderApiException("Public IP API returned bad results");
        }
        return ip;
    }

    /** {@code {"agent":<mig.Agent>,"object":"<name>"}}: MIG's ManifestParameters in Go's field order. */
    static String parameters(Agent agent, String object) {
        StringBuilder sb = new StringBuilder(1024);
        sb.append("{\"agent\":").append(MigJson.write(agent)).append(",\"object\":");
        GoJson.writeString(object, sb);
        return sb.append('}').toString();
    }

    private Buffer post(String route, Agent agent, String object, long max) throws LoaderApiException {
        String form = "parameters=" + URLEncoder.encode(parameters(agent, object), StandardCharsets.UTF_8);
        HttpRequest r = HttpRequest.newBuilder(url(route)).timeout(requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-LOADERKEY", key)
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8)).build();
        return send(r, max);
    }

    private Buffer send(HttpRequest r, long max) throws LoaderApiException {
        HttpResponse<InputStream> resp;
        try {
            resp = http.send(r, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new LoaderApiException("API " + r.uri() + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoaderApiException("interrupted while waiting for " + r.uri(), e);
        }
        Buffer body;
        String tooLarge = "the API's answer from " + r.uri() + " is larger than " + max + " bytes";
        long declared = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
        try (InputStream in = resp.body()) {
            if (declared > max) {
                throw new TooLargeException(tooLarge + " (Content-Length " + declared + ")");
            }
            body = readBounded(in, max, declared > 0 ? (int) declared : 8192, tooLarge);
        } catch (TooLargeException e) {
            throw new LoaderApiException(e.getMessage(), e);
        } catch (IOException e) {
            throw new LoaderApiException("reading the answer from " + r.uri() + ": " + e, e);
        }
        if (resp.statusCode() != 200) {
            throw new LoaderApiException("HTTP " + resp.statusCode() + ", API call failed with error '"
                    + errorText(body) + "'" + errorCode(body));
        }
        return body;
    }

    /** collection.items[0].data[0].value, checking that the datum has the expected name. */
    private static JsonNode itemValue(Buffer body, String name) throws LoaderApiException {
        JsonNode root;
        try {
            root = MigJson.mapper().readTree(body.array(), 0, body.size());
        } catch (IOException e) {
            throw new LoaderApiException("the API's answer is not JSON: " + e.getMessage(), e);
        }
        JsonNode datum = root == null ? null : root.path("collection").path("items").path(0).path("data").path(0);
        if (datum == null || !datum.path("value").isObject()) {
            throw new LoaderApiException("the API's answer holds no " + name);
        }
        if (!name.equals(datum.path("name").asText(name))) {
            throw new LoaderApiException("the API's answer holds " + datum.path("name").asText() + ", not " + name);
        }
        return datum.get("value");
    }

    /** Moves the parser onto collection.items[0].data[0].value.data without building a tree of the file. */
    private static boolean seekData(JsonParser p) throws IOException {
        String[] path = {"collection", "items", "[0]", "data", "[0]", "value", "data"};
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return false;
        }
        for (int i = 0; i < path.length; i++) {
            String step = path[i];
            if (step.equals("[0]")) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    return false;
                }
                continue;
            }
            boolean found = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                if (p.currentName().equals(step)) {
                    found = true;
                    break;
                }
                p.nextToken();
                p.skipChildren();
            }
            if (!found) {
                return false;
            }
            JsonToken t = p.nextToken();
            boolean last = i == path.length - 1;
            if (last) {
                return t == JsonToken.VALUE_STRING;
            }
            if (path[i + 1].equals("[0]") ? t != JsonToken.START_ARRAY : t != JsonToken.START_OBJECT) {
                return false;
            }
        }
        return false;
    }

    private static String errorText(Buffer body) {
        try {
            JsonNode e = MigJson.mapper().readTree(body.array(), 0, body.size()).path("collection").path("error");
            if (e.path("message").isTextual()) {
                return e.get("message").textValue();
            }
        } catch (IOException | RuntimeException e) {
            // not Collection+JSON: quote the start of the body instead
        }
        String text = new String(body.array(), 0, Math.min(body.size(), 200), StandardCharsets.UTF_8).strip();
        return text.replaceAll("[\\p{Cntrl}]", " ");
    }

    private static String errorCode(Buffer body) {
        try {
            JsonNode code = MigJson.mapper().readTree(body.array(), 0, body.size()).path("collection").path("error")
                    .path("code");
            if (!code.isMissingNode() && !code.isNull()) {
                return " (code " + code.asText() + ")";
            }
        } catch (IOException | RuntimeException e) {
            // no code to quote
        }
        return "";
    }

    private static Buffer readBounded(InputStream in, long max, int expected, String tooLarge) throws IOException {
        Buffer out = new Buffer(Math.max(16, expected));
        byte[] buf = new byte[65536];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > max) {
                throw new TooLargeException(tooLarge);
            }
            out.write(buf, 0, n);
        }
        return out;
    }

    /** Bytes read or decoded, handed on without the copy {@link ByteArrayOutputStream#toByteArray} makes. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int size) {
            super(size);
        }

        byte[] array() {
            return buf;
        }

        InputStream asInput() {
            return new ByteArrayInputStream(buf, 0, count);
        }

        /** A gzip stream's own note of its decompressed size (ISIZE, the last 4 bytes), to size the buffer once. */
        long gzipSize() {
            if (count < 4) {
                return 8192;
            }
            return (buf[count - 4] & 0xffL) | (buf[count - 3] & 0xffL) << 8 | (buf[count - 2] & 0xffL) << 16
                    | (buf[count - 1] & 0xffL) << 24;
        }

        /** The content as an array of its exact size (the buffer itself when it is full). */
        byte[] bytes() {
            return count == buf.length ? buf : toByteArray();
        }
    }

    /** An answer or file past its bound; an IOException so that it surfaces through the readers' handling. */
    private static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }
}
