package io.gator.cli.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MIG console's search syntax, {@code search <type> where <key>=<value> [and <key>=<value> ...]}, turned into the
 * query of the API's {@code /search}. {@code name} means the name of what is searched (an action's name for
 * commands); {@code *} is a wildcard as {@code %} is.
 */
public record SearchQuery(String type, Map<String, String> params) {
    /** Searchable types, as MIG's. */
    public static final List<String> TYPES = List.of(
            "action",
            "agent",
            "command",
            "investigator",
            "loader",
            "manifest");
    /** Keys the console accepts, as MIG's. */
    public static final List<String> KEYS = List.of("name", "actionid", "actionname", "agentid", "agentname",
            "agentversion", "version", "commandid", "investigatorid", "investigatorname", "status", "threatfamily",
            "after", "before", "foundanything", "limit",
            "loaderid", "loadername",
            "manifestid", "manifestname");
    /** MIG's default number of results. */
    static final int DEFAULT_LIMIT = 100;

    /** Parses the words after {@code search}. */
    public static SearchQuery parse(List<String> words) {
        if (words.isEmpty() || !TYPES.contains(words.get(0))) {
            throw new IllegalArgumentException("usage: search <" + String.join("|", TYPES)
                    + "> where <key>=<value> [and <key>=<value> ...]   (search help lists the keys)");
        }
        String type = words.get(0);
        Map<String, String> p = new LinkedHashMap<>();
        if (words.size() > 1) {
            if (!words.get(1).equals("where")) {
                throw new IllegalArgumentException("expected keyword 'where' after search type, got '" + words.get(1) + "'");
            }
            if (words.size() == 2) {
                throw new IllegalArgumentException("missing <key>=<value> after 'where'");
            }
        }
        for (String w : words.subList(Math.min(2, words.size()), words.size())) {
            if (w.equalsIgnoreCase("and")) {
                continue;
            }
            int eq = w.indexOf('=');
            if (eq <= 0 || w.indexOf('=', eq + 1) >= 0) {
                throw new IllegalArgumentException("invalid key=value in search parameter '" + w + "'");
            }
            String key = w.substring(0, eq);
            String value = w.substring(eq + 1);
            p.put(apiKey(type, key), check(key, value));
        }
        p.putIfAbsent("limit", String.valueOf(DEFAULT_LIMIT));
        return new SearchQuery(type, p);
    }

    private static String apiKey(String type, String key) {
        return switch (key) {
            case "name" -> switch (type) {
                case "action", "command" -> "actionname";
                case "agent" -> "agentname";
                case "loader" -> "loadername";
                case "manifest" -> "manifestname";
                default -> "investigatorname";
            };
            case "version" -> "agentversion";
            default -> {
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException("unknown search key '" + key + "' (keys: " + String.join(", ", KEYS) + ")");
                }
                yield key;
            }
        };
    }

    private static String check(String key, String value) {
        switch (key) {
            case "after", "before" -> {
                try {
                    OffsetDateTime.parse(value);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(key + " date not in RFC3339 format, ex: 2015-09-23T14:14:16Z");
                }
            }
            case "limit", "actionid", "agentid", "commandid", "investigatorid", "loaderid", "manifestid" -> {
                try {
                    if (Long.parseLong(value) <= 0) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("invalid " + key + " '" + value + "': a positive integer");
                }
            }
            case "foundanything" -> {
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException("foundanything is true or false");
                }
            }
            default -> {
                return value.replace('*', '%');
            }
        }
        return value;
    }

    /** The API path with its query: {@code search?type=...&...}. */
    public String path() {
        StringBuilder sb = new StringBuilder("search?type=" + type);
        params.forEach((k, v) -> sb.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return sb.toString();
    }

    /** The keys and what they search, for {@code search help}. */
    public static String help() {
        return String.join("\n",
                "usage: search <action|agent|command|investigator|loader|manifest> where <key>=<value> [and <key>=<value> ...]",
                "  name=<str>              the name of what is searched (an action's name for commands)",
                "  actionid= agentid= commandid= investigatorid=<id>",
                "  actionname= agentname= investigatorname=<str>   version=<str> (agents)",
                "  status=<str>            action, command, agent or investigator status",
                "  after= before=<rfc3339> e.g. after=2026-01-02T03:04:05Z",
                "  foundanything=true|false (commands)   threatfamily=<str>",
                "  loaderid=<id> loadername=<str> agentname=<str>   (loaders)",
                "  manifestid=<id> manifestname=<str> status=staged|active|disabled   (manifests)",
                "  limit=<n>               at most n results (default " + DEFAULT_LIMIT + ")",
                "<str> may hold the wildcards % and *, e.g. search agent where name=%web%",
                "");
    }
}
