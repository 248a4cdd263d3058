package io.gator.api.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.api.backend.SearchQuery;
import io.gator.api.backend.SearchType;
import io.gator.core.json.MigTime;
import org.apache.pekko.http.javadsl.model.StatusCodes;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Parses {@code GET /search} parameters into a {@link SearchQuery}, and renders MIG's
 * {@code search parameters} object (IDs as strings, "∞" when unset; patterns "%" when unset).
 */
final class SearchParams {
    static final Set<String> ALLOWED = Set.of("type", "actionid", "commandid", "agentid", "investigatorid",
            "manifestid", "loaderid", "actionname", "agentname", "agentversion", "investigatorname", "manifestname",
            "loadername", "status", "threatfamily", "after", "before", "foundanything", "limit", "offset", "target",
            "report");
    private static final String INFINITY = "\u221e";

    private SearchParams() {}

    /** MIG's echo of the parameters, whatever their validity (so errors can show it too). */
    static ObjectNode echo(Map<String, String> q, OffsetDateTime now) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("actionid", q.getOrDefault("actionid", INFINITY));
        o.put("actionname", q.getOrDefault("actionname", "%"));
        o.put("after", q.getOrDefault("after", MigTime.format(now.minus(SearchQuery.DEFAULT_WINDOW))));
        o.put("agentid", q.getOrDefault("agentid", INFINITY));
        o.put("agentname", q.getOrDefault("agentname", "%"));
        o.put("agentversion", q.getOrDefault("agentversion", "%"));
        o.put("before", q.getOrDefault("before", MigTime.format(now.plus(SearchQuery.DEFAULT_WINDOW))));
        o.put("commandid", q.getOrDefault("commandid", INFINITY));
        o.put("foundanything", "true".equalsIgnoreCase(q.getOrDefault("foundanything", "false")));
        o.put("investigatorid", q.getOrDefault("investigatorid", INFINITY));
        o.put("investigatorname", q.getOrDefault("investigatorname", "%"));
        putNumber(o, "limit", q.getOrDefault("limit", "100"));
        o.put("loaderid", q.getOrDefault("loaderid", INFINITY));
        o.put("loadername", q.getOrDefault("loadername", "%"));
        o.put("manifestid", q.getOrDefault("manifestid", INFINITY));
        o.put("manifestname", q.getOrDefault("manifestname", "%"));
        putNumber(o, "offset", q.getOrDefault("offset", "0"));
        o.put("report", q.getOrDefault("report", ""));
        o.put("status", q.getOrDefault("status", "%"));
        o.put("target", q.getOrDefault("target", ""));
        o.put("threatfamily", q.getOrDefault("threatfamily", "%"));
        o.put("type", q.getOrDefault("type", "action"));
        return o;
    }

    private static void putNumber(ObjectNode o, String key, String raw) {
        try {
            o.put(key, (long) Double.parseDouble(raw));
        } catch (NumberFormatException e) {
            o.put(key, 0);
        }
    }

    static SearchQuery parse(Map<String, String> q, OffsetDateTime now) {
        String typeName = q.getOrDefault("type", "action");
        SearchType type = SearchType.parse(typeName).orElseThrow(() -> bad(
                typeName.equals("manifest") || typeName.equals("loader")
                        ? "search type '" + typeName + "' needs loaders and manifests, which need the API's database"
                        : "search type is invalid"));
        if (!q.getOrDefault("report", "").isEmpty()) {
            throw bad("search parameter 'report' is no longer supported (removed from MIG in 2017)");
        }
        SearchQuery d = SearchQuery.defaults(type, now);
        return new SearchQuery(type, id(q, "actionid"), id(q, "commandid"), id(q, "agentid"), id(q, "investigatorid"),
                q.getOrDefault("actionname", "%"), q.getOrDefault("agentname", "%"),
                q.getOrDefault("agentversion", "%"), q.getOrDefault("investigatorname", "%"),
                q.getOrDefault("status", "%"), q.getOrDefault("threatfamily", "%"),
                time(q, "after").orElse(d.after()), time(q, "before").orElse(d.before()), found(q),
                count(q, "limit", SearchQuery.DEFAULT_LIMIT), count(q, "offset", 0),
                Optional.ofNullable(q.get("target")).filter(t -> !t.isBlank()));
    }

    /** The same query string with the offset advanced by the limit (MIG's pagination "next"). */
    static String nextPage(Map<String, String> q, SearchQuery query) {
        Map<String, String> next = new LinkedHashMap<>(q);
        next.put("offset", Long.toString(query.offset() + query.limit()));
        StringBuilder sb = new StringBuilder();
        next.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(k).append('=')
                .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
        return sb.toString();
    }

    static OptionalLong id(Map<String, String> q, String name) {
        String raw = q.get(name);
        return raw == null ? OptionalLong.empty() : OptionalLong.of(parseId(name, raw));
    }

    /** The ID in parameter {@code name}, which must be there: 400 when it is missing or invalid. */
    static long requiredId(Map<String, String> q, String name) {
        String raw = q.get(name);
        if (raw == null) {
            throw bad("missing query parameter '" + name + "'");
        }
        return parseId(name, raw);
    }

    /** A positive ID below 2^53, or 400 naming the parameter. */
    static long parseId(String name, String raw) {
        long v;
        try {
            v = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw bad("Wrong parameters '" + name + "': '" + raw + "' is not a number");
        }
        if (v <= 0 || v > io.gator.core.id.IdGenerator.MAX_ID) {
            throw bad("Invalid " + name + " '" + raw + "': IDs are positive integers below 2^53");
        }
        return v;
    }

    static Optional<OffsetDateTime> time(Map<String, String> q, String name) {
        String raw = q.get(name);
        if (raw == null) {
            return Optional.empty();
        }
        OffsetDateTime t;
        try {
            t = OffsetDateTime.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw bad("search parameter '" + name + "' must be an RFC 3339 time, got '" + raw + "'");
        }
        // PostgreSQL's timestamps end long before Java's: a year it cannot hold would fail the query
        if (t.getYear() < 1 || t.getYear() > 9999) {
            throw bad("search parameter '" + name + "' must be between years 1 and 9999, got '" + raw + "'");
        }
        return Optional.of(t);
    }

    private static Optional<Boolean> found(Map<String, String> q) {
        String raw = q.get("foundanything");
        if (raw == null) {
            return Optional.empty();
        }
        if (raw.equalsIgnoreCase("true")) {
            return Optional.of(true);
        }
        if (raw.equalsIgnoreCase("false")) {
            return Optional.of(false);
        }
        throw bad("search parameter 'foundanything' must be true or false, got '" + raw + "'");
    }

    static long count(Map<String, String> q, String name, long dflt) {
        String raw = q.get(name);
        if (raw == null) {
            return dflt;
        }
        double v;
        try {
            v = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw bad("invalid " + name + " parameter '" + raw + "'");
        }
        if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            throw bad("invalid " + name + " parameter '" + raw + "': must be zero or more");
        }
        if (v > Integer.MAX_VALUE) {
            throw bad("invalid " + name + " parameter '" + raw + "': must be at most " + Integer.MAX_VALUE);
        }
        return (long) v;
    }

    private static ApiError bad(String message) {
        return new ApiError(StatusCodes.BAD_REQUEST, message);
    }
}
