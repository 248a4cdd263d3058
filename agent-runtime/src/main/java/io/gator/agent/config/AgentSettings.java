package io.gator.agent.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.gator.core.action.Compression;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The agent's settings from {@code gator.agent} (reference.conf documents each key). Reading
 * validates everything up front: a bad value stops the agent at start with the key's name.
 */
public record AgentSettings(String name, Path runDir, Path keyringDir, Path aclFile, Duration heartbeatInterval,
                            Duration moduleTimeout, int maxActions, Map<String, String> tags,
                            boolean extraPrivacyMode, boolean onlyVerifyPubKey, String publicIp,
                            int resultPublishAttempts, Duration resultPublishRetry, Duration maxClockSkew,
                            int rememberedCommands, int maxCommandBytes, int maxParameterBytes,
                            boolean checkin, Duration checkinIdle, Optional<Path> heartbeatStamp) {

    /** Longest duration a timer of the agent accepts from configuration (Pekko's scheduler refuses ~248 days). */
    public static final Duration MAX_TIMER = Duration.ofDays(7);

    /** Reads and validates {@code gator.agent} from a resolved config. */
    public static AgentSettings from(Config root) {
        Config c = root.getConfig("gator.agent");
        AgentSettings s = new AgentSettings(
                name(c),
                Path.of(c.getString("run-dir")),
                Path.of(c.getString("keyring-dir")),
                Path.of(c.getString("acl-file")),
                c.getDuration("heartbeat-interval"),
                c.getDuration("module-timeout"),
                c.getInt("max-actions"),
                tags(c),
                c.getBoolean("extra-privacy-mode"),
                c.getBoolean("only-verify-pubkey"),
                c.getString("public-ip"),
                c.getInt("result-publish-attempts"),
                c.getDuration("result-publish-retry"),
                c.getDuration("max-clock-skew"),
                c.getInt("remembered-commands"),
                bytes(c, "max-command-size", 1024, Integer.MAX_VALUE),
                bytes(c, "max-parameters-size", 1, Compression.MAX_DECOMPRESSED_BYTES),
                c.getBoolean("checkin"),
                c.getDuration("checkin-idle"),
                c.getString("heartbeat-stamp").isBlank() ? Optional.empty()
                        : Optional.of(Path.of(c.getString("run-dir")).resolve(c.getString("heartbeat-stamp"))));
        positive(c, "heartbeat-interval", s.heartbeatInterval());
        positive(c, "module-timeout", s.moduleTimeout());
        positive(c, "result-publish-retry", s.resultPublishRetry());
        positive(c, "checkin-idle", s.checkinIdle());
        if (s.maxActions() < 1) {
            throw new ConfigException.BadValue(c.origin(), "gator.agent.max-actions", "must be at least 1");
        }
        if (s.resultPublishAttempts() < 1) {
            throw new ConfigException.BadValue(c.origin(), "gator.agent.result-publish-attempts", "must be at least 1");
        }
        if (s.rememberedCommands() < 0) {
            throw new ConfigException.BadValue(c.origin(), "gator.agent.remembered-commands", "must not be negative");
        }
        if (s.maxClockSkew().isNegative() || s.maxClockSkew().compareTo(MAX_TIMER) > 0) {
            throw new ConfigException.BadValue(c.origin(), "gator.agent.max-clock-skew", "must be between 0 and "
                    + MAX_TIMER.toDays() + " days");
        }
        return s;
    }

    private static void positive(Config c, String key, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new ConfigException.BadValue(c.origin(), "gator.agent." + key, "must be a positive duration");
        }
        if (d.compareTo(MAX_TIMER) > 0) {
            throw new ConfigException.BadValue(c.origin(), "gator.agent." + key, "must be at most " + MAX_TIMER.toDays()
                    + " days");
        }
    }

    private static int bytes(Config c, String key, long min, long max) {
        long n = c.getBytes(key);
        if (n < min || n > max) {
            throw new ConfigException.BadValue(c.origin(), "gator.agent." + key, "must be between " + min + " and "
                    + max + " bytes, got " + n);
        }
        return (int) n;
    }

    /** {@code name} of a section (the agent's, the loader's): the configured name, else this host's. */
    public static String name(Config section) {
        String name = section.getString("name");
        return name.isBlank() ? hostname() : name;
    }

    /** {@code tags} of a section: free-form string values, sorted as Go writes maps. */
    public static Map<String, String> tags(Config section) {
        Map<String, String> tags = new TreeMap<>();
        Config tagConf = section.getConfig("tags");
        tagConf.root().keySet().forEach(k -> tags.put(k, tagConf.getString(k)));
        return tags;
    }

    /** This host's name (the agent's and the loader's default name). */
    public static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "localhost" : env;
        }
    }
}
