package io.gator.cli.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The investigator's {@code .migrc}, in MIG's ini form ({@code [api] url}, {@code [gpg] home/keyid},
 * {@code [targets] macro = name:target}) or in HOCON ({@code api.url}, {@code gpg.keyid},
 * {@code key.file}, {@code targets.macros}); both are read. The built-in macro {@code all} means
 * every online agent.
 */
public record MigRc(String apiUrl, Optional<String> gpgKeyId, Optional<String> gpgHome, Optional<Path> keyFile,
                   Optional<String> keyPassphraseEnv, Optional<String> apiKey, Map<String, String> macros) {

    /** MIG's client macro for every online agent. */
    public static final String ALL_ONLINE = "status='online'";

    /**
     * Where the .migrc is when {@code -c} does not say: {@code $MIGRC}, else {@code $HOME/.migrc} as MIG's client
     * looks for it, else the JVM's idea of the home directory.
     */
    public static Path defaultFile(java.util.function.Function<String, String> env) {
        String migrc = env.apply("MIGRC");
        if (migrc != null && !migrc.isBlank()) {
            return Path.of(migrc);
        }
        String home = env.apply("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".migrc");
    }

    /** Reads a file; a missing file is an error naming it. */
    public static MigRc read(Path file) {
        String text = io.gator.cli.Problems.readString(file, "create it, or pass -c");
        try {
            return text.lines().anyMatch(l -> l.trim().matches("^\\[[A-Za-z]+\\]$")) ? fromIni(text) : fromHocon(text);
        } catch (com.typesafe.config.ConfigException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage().replaceFirst("^String: ", "line "), e);
        }
    }

    static MigRc fromHocon(String text) {
        Config c = ConfigFactory.parseString(text).resolve();
        if (!c.hasPath("api.url")) {
            throw new IllegalArgumentException("api.url is missing");
        }
        Map<String, String> macros = new LinkedHashMap<>();
        if (c.hasPath("targets.macros")) {
            Config m = c.getConfig("targets.macros");
            m.root().keySet().forEach(k -> macros.put(k, m.getString(k)));
        }
        return new MigRc(c.getString("api.url"), opt(c, "gpg.keyid"), opt(c, "gpg.home"),
                opt(c, "key.file").map(Path::of), opt(c, "key.passphrase-env"), opt(c, "api.key"), macros);
    }

    static MigRc fromIni(String text) {
        String section = "";
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> macros = new LinkedHashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).trim().toLowerCase();
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = line.substring(0, eq).trim().toLowerCase();
            String value = unquote(line.substring(eq + 1).trim());
            if (section.equals("targets") && key.equals("macro")) {
                int colon = value.indexOf(':');
                if (colon > 0) {
                    macros.put(value.substring(0, colon), value.substring(colon + 1));
                }
            } else {
                values.put(section + "." + key, value);
            }
        }
        String url = values.get("api.url");
        if (url == null) {
            throw new IllegalArgumentException("[api] url is missing");
        }
        return new MigRc(url, Optional.ofNullable(values.get("gpg.keyid")), Optional.ofNullable(values.get("gpg.home")),
                Optional.ofNullable(values.get("key.file")).map(Path::of),
                Optional.ofNullable(values.get("key.passphrase-env")), Optional.ofNullable(values.get("api.key")),
                macros);
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static Optional<String> opt(Config c, String path) {
        return c.hasPath(path) ? Optional.of(c.getString(path)) : Optional.empty();
    }

    /** A macro's target, {@code all} built in; anything else is returned as given. */
    public String resolveTarget(String target) {
        if (macros.containsKey(target)) {
            return macros.get(target);
        }
        return target.equals("all") ? ALL_ONLINE : target;
    }
}
