package io.gator.scheduler.sink;

import java.net.URI;
import java.util.Locale;

/**
 * One sink as named on the command line or in the API's {@code sinks} form field: {@code jsonl:NAME},
 * {@code webhook:URL} or {@code plugin:NAME}. NAME is a bare file name: where it lives is the server's choice.
 */
public record SinkSpec(Kind kind, String target) {

    public enum Kind {
        JSONL, WEBHOOK, PLUGIN;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Longest sink spec accepted (a URL or a file name). */
    public static final int MAX_LENGTH = 2048;

    public SinkSpec {
        if (kind == null || target == null || target.isEmpty()) {
            throw new IllegalArgumentException("sink needs a kind and a target");
        }
    }

    /** Parses {@code kind:target}; a clear error for anything else. */
    public static SinkSpec parse(String s) {
        if (s == null || s.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("sink spec missing or longer than " + MAX_LENGTH + " characters");
        }
        int colon = s.indexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("sink '" + s + "': expected jsonl:NAME, webhook:URL or plugin:NAME");
        }
        String k = s.substring(0, colon).toLowerCase(Locale.ROOT);
        String t = s.substring(colon + 1);
        return switch (k) {
            case "jsonl" -> new SinkSpec(Kind.JSONL, bareName(s, t));
            case "plugin" -> new SinkSpec(Kind.PLUGIN, bareName(s, t));
            case "webhook" -> new SinkSpec(Kind.WEBHOOK, httpUrl(s, t));
            default -> throw new IllegalArgumentException("sink '" + s + "': unknown kind '" + k
                    + "' (jsonl, webhook, plugin)");
        };
    }

    @Override
    public String toString() {
        return kind.wire() + ":" + target;
    }

    private static String bareName(String spec, String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}") || name.contains("..")) {
            throw new IllegalArgumentException("sink '" + spec + "': the name must be a plain file name "
                    + "(letters, digits, '.', '_', '-'; no path)");
        }
        return name;
    }

    private static String httpUrl(String spec, String url) {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sink '" + spec + "': not a URL: " + e.getMessage());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
            throw new IllegalArgumentException("sink '" + spec + "': a webhook needs an http(s) URL with a host");
        }
        return url;
    }
}
