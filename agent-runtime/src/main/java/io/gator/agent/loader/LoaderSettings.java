package io.gator.agent.loader;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import io.gator.agent.config.AgentSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code gator.loader} (reference.conf documents each key), read and checked up front: a bad value stops the
 * loader before any request, naming the key.
 */
public record LoaderSettings(URI apiUrl, String loaderKey, Path keyring, int requiredSignatures,
                             List<BundleFile> files, List<String> restartCommand, Duration restartTimeout,
                             List<String> checkCommand, Path heartbeatStamp, Duration heartbeatTimeout,
                             Duration heartbeatPoll, Path stateDir, Path agentRunDir, String name,
                             Map<String, String> tags, String publicIp, boolean discoverPublicIp,
                             Duration connectTimeout, Duration requestTimeout, long maxManifestResponse,
                             long maxFetchResponse, long maxFileSize, Optional<Path> caFile) {

    private static final String P = "gator.loader.";
    /** Longest a key file's line may be (a key is 40 characters). */
    private static final int MAX_KEY_FILE = 4096;

    public LoaderSettings {
        files = List.copyOf(files);
        restartCommand = List.copyOf(restartCommand);
        checkCommand = List.copyOf(checkCommand);
        tags = Map.copyOf(tags);
    }

    /** Reads and validates {@code gator.loader} from a resolved config. */
    public static LoaderSettings from(Config root) {
        Config c = root.getConfig("gator.loader");
        String ca = c.getString("tls.ca-file");
        LoaderSettings s = new LoaderSettings(
                apiUrl(c),
                loaderKey(c),
                Path.of(c.getString("keyring")),
                c.getInt("required-signatures"),
                files(c),
                c.getStringList("restart-command"),
                duration(c, "restart-timeout"),
                c.getStringList("check-command"),
                Path.of(c.getString("heartbeat-stamp")),
                duration(c, "heartbeat-timeout"),
                duration(c, "heartbeat-poll"),
                Path.of(c.getString("state-dir")),
                Path.of(c.getString("agent-run-dir")),
                AgentSettings.name(c),
                AgentSettings.tags(c),
                c.getString("public-ip"),
                c.getBoolean("discover-public-ip"),
                duration(c, "connect-timeout"),
                duration(c, "request-timeout"),
                bytes(c, "max-manifest-response", 1024, 64L << 20),
                bytes(c, "max-fetch-response", 1024, 1L << 30),
                bytes(c, "max-file-size", 1, 1L << 30),
                ca.isBlank() ? Optional.empty() : Optional.of(Path.of(ca)));
        if (s.requiredSignatures() < 1) {
            throw new ConfigException.BadValue(c.origin(), P + "required-signatures", "must be at least 1");
        }
        if (s.restartCommand().isEmpty()) {
            throw new ConfigException.BadValue(c.origin(), P + "restart-command",
                    "must name the command that restarts the agent, e.g. [systemctl, restart, gator-agent]");
        }
        return s;
    }

    /** The files the loader keeps, in configuration order (MIG's dictionary order in reference.conf). */
    public Optional<BundleFile> file(String fileName) {
        return files.stream().filter(f -> f.name().equals(fileName)).findFirst();
    }

    private static URI apiUrl(Config c) {
        String url = c.getString("api-url").strip();
        try {
            URI u = new URI(url.endsWith("/") ? url : url + "/");
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new ConfigException.BadValue(c.origin(), P + "api-url",
                        "must be an http or https URL such as https://api.example.net/api/v1/");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new ConfigException.BadValue(c.origin(), P + "api-url", e.getMessage());
        }
    }

    /** {@code loader-key}, else the first line of {@code loader-key-file}, as mig-loader reads its key file. */
    private static String loaderKey(Config c) {
        String key = c.getString("loader-key");
        String where = P + "loader-key";
        if (key.isBlank()) {
            Path file = Path.of(c.getString("loader-key-file"));
            where = P + "loader-key-file (" + file + ")";
            key = firstLine(c, file);
        }
        try {
            return LoaderKey.validate(key);
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue(c.origin(), where, e.getMessage());
        }
    }

    private static String firstLine(Config c, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(MAX_KEY_FILE);
            String text = new String(head, StandardCharsets.US_ASCII);
            int nl = text.indexOf('\n');
            return nl < 0 ? text : text.substring(0, nl);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException.BadValue(c.origin(), P + "loader-key-file",
                    "no loader key: " + file + " does not exist and loader-key is empty");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the loader key file " + file, e);
        }
    }

    private static List<BundleFile> files(Config c) {
        Config fc = c.getConfig("files");
        List<BundleFile> out = new ArrayList<>();
        for (String entry : fc.root().keySet()) {
            if (fc.root().get(entry).valueType() != ConfigValueType.OBJECT) {
                throw new ConfigException.WrongType(fc.origin(), P + "files." + entry,
                        "an object { path, mode, restart-agent }", fc.root().get(entry).valueType().name());
            }
            Config f = fc.getConfig("\"" + entry + "\"");
            String path = f.getString("path");
            if (path.isBlank()) {
                continue; // not managed on this host
            }
            Path p = Path.of(path);
            if (!p.isAbsolute() || p.getFileName() == null) {
                throw new ConfigException.BadValue(f.origin(), P + "files." + entry + ".path", "must be an absolute file path");
            }
            out.add(new BundleFile(entry, p, mode(f, P + "files." + entry + ".mode"), f.getBoolean("restart-agent")));
        }
        // MIG's bundle dictionary order, whatever order the configuration's merge produced
        List<String> order = List.of("mig-agent", "mig-loader", "configuration", "agentcert", "agentkey", "cacert",
                "loaderconfig");
        out.sort(java.util.Comparator.comparingInt((BundleFile b) -> {
            int i = order.indexOf(b.name());
            return i < 0 ? order.size() : i;
        }).thenComparing(BundleFile::name));
        return out;
    }

    private static Set<PosixFilePermission> mode(Config f, String key) {
        String m = f.getString("mode");
        if (!m.matches("0?[0-7]{3}")) {
            throw new ConfigException.BadValue(f.origin(), key, "must be an octal mode such as 0600");
        }
        int bits = Integer.parseInt(m, 8);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < order.length; i++) {
            if ((bits & (1 << i)) != 0) {
                out.add(order[i]);
            }
        }
        return out;
    }

    private static Duration duration(Config c, String key) {
        Duration d = c.getDuration(key);
        if (d.isZero() || d.isNegative() || d.compareTo(Duration.ofDays(1)) > 0) {
            throw new ConfigException.BadValue(c.origin(), P + key, "must be a positive duration of at most a day");
        }
        return d;
    }

    private static long bytes(Config c, String key, long min, long max) {
        long n = c.getBytes(key);
        if (n < min || n > max) {
            throw new ConfigException.BadValue(c.origin(), P + key, "must be between " + min + " and " + max
                    + " bytes, got " + n);
        }
        return n;
    }
}
