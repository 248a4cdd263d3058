package io.gator.api.web;

import io.gator.api.backend.NotFoundException;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The console's files from the classpath folder {@code gator-web/} (the web-console module's jar). Files under
 * {@code /assets/} carry a content hash in their name and are cached for a year; index.html is revalidated on
 * every load. A path without a file extension is a console page: it gets index.html, whose script routes it.
 * Nothing under the API's base route is ever answered here.
 */
final class ConsoleFiles extends AllDirectives {
    static final String ROOT = "gator-web";
    private static final Pattern SAFE_PATH = Pattern.compile("(/[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}){1,8}");
    private static final RawHeader IMMUTABLE = RawHeader.create("Cache-Control", "public, max-age=31536000, immutable");
    private static final RawHeader REVALIDATE = RawHeader.create("Cache-Control", "no-cache");
    private static final Map<String, ContentType> TYPES = Map.of(
            "html", MediaTypes.TEXT_HTML.toContentType(HttpCharsets.UTF_8),
            "js", MediaTypes.APPLICATION_JAVASCRIPT.toContentType(HttpCharsets.UTF_8),
            "css", MediaTypes.TEXT_CSS.toContentType(HttpCharsets.UTF_8),
            "json", ContentTypes.APPLICATION_JSON,
            "txt", ContentTypes.TEXT_PLAIN_UTF8,
            "svg", MediaTypes.IMAGE_SVG_XML.toContentType(),
            "png", MediaTypes.IMAGE_PNG.toContentType());

    private final String baseRoute;
    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();

    ConsoleFiles(String baseRoute) {
        this.baseRoute = baseRoute;
    }

    Route route() {
        return extractUnmatchedPath(path -> {
            if (path.equals(baseRoute) || path.startsWith(baseRoute + "/")) {
                return reject();
            }
            return get(() -> encodeResponse(() -> complete(answer(path))));
        });
    }

    /** The file, index.html for a page, or 404 for anything else. */
    HttpResponse answer(String path) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        boolean page = path.equals("/") || path.isEmpty() || (!last.contains(".") && SAFE_PATH.matcher(path).matches());
        String file = page ? "/index.html" : path;
        String ext = file.substring(file.lastIndexOf('.') + 1);
        ContentType type = TYPES.get(ext);
        Optional<byte[]> body = type != null && SAFE_PATH.matcher(file).matches() ? load(file) : Optional.empty();
        if (body.isEmpty()) {
            throw new NotFoundException(page ? "the web console is not built into this API node"
                    : "no such file: " + path);
        }
        return HttpResponse.create()
                .withEntity(HttpEntities.create(type, body.get()))
                .addHeader(file.startsWith("/assets/") ? IMMUTABLE : REVALIDATE)
                .addHeaders(SecurityHeaders.ALL);
    }

    private Optional<byte[]> load(String file) {
        byte[] known = loaded.get(file);
        if (known != null) {
            return Optional.of(known);
        }
        try (InputStream in = ConsoleFiles.class.getClassLoader().getResourceAsStream(ROOT + file)) {
            if (in == null) {
                return Optional.empty(); // misses are not remembered: any name may be asked for
            }
            byte[] bytes = in.readAllBytes();
            loaded.put(file, bytes);
            return Optional.of(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
