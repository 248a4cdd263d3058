package io.gator.api.http;

import com.typesafe.config.Config;
import io.gator.api.action.ActionChecks;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** {@code gator.api} settings (see reference.conf for each key's meaning). */
public record ApiSettings(String host, int port, String baseRoute, String publicUrl, Duration tokenDuration,
                          long bodyLimit, ClientIp clientIp, Duration requestTimeout, Duration retryAfter,
                          Set<String> knownModules, ActionChecks.Limits actionLimits, HeartbeatPolicy heartbeat,
                          io.gator.api.schedule.ScheduleSettings schedule) {
    /**
     * Pekko's scheduler refuses delays beyond about 248 days (Int.MaxValue ticks of 10 ms); an action's
     * expiry timer must stay below it.
     */
    public static final Duration MAX_ACTION_WINDOW_CEILING = Duration.ofDays(240);

    public ApiSettings {
        baseRoute = normalizeBase(baseRoute);
        publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        if (bodyLimit <= 0) {
            throw new IllegalArgumentException("gator.api.body-limit must be positive, got " + bodyLimit);
        }
        knownModules = Set.copyOf(knownModules);
        if (actionLimits.maxWindow().compareTo(MAX_ACTION_WINDOW_CEILING) > 0) {
            throw new IllegalArgumentException("gator.api.max-action-window must be at most "
                    + MAX_ACTION_WINDOW_CEILING.toDays() + " days (the scheduler's timers cannot wait longer), got "
                    + actionLimits.maxWindow());
        }
    }

    /** With the standing orders' defaults. */
    public ApiSettings(String host, int port, String baseRoute, String publicUrl, Duration tokenDuration,
                       long bodyLimit, ClientIp clientIp, Duration requestTimeout, Duration retryAfter,
                       Set<String> knownModules, ActionChecks.Limits actionLimits, HeartbeatPolicy heartbeat) {
        this(host, port, baseRoute, publicUrl, tokenDuration, bodyLimit, clientIp, requestTimeout, retryAfter,
                knownModules, actionLimits, heartbeat, io.gator.api.schedule.ScheduleSettings.DEFAULTS);
    }

    public static ApiSettings fromConfig(Config root) {
        Config c = root.getConfig("gator.api");
        List<String> modules = c.getStringList("known-modules");
        return new ApiSettings(c.getString("host"), c.getInt("port"), c.getString("base-route"),
                c.getString("public-url"), c.getDuration("token-duration"), c.getBytes("body-limit"),
                ClientIp.parse(c.getString("client-public-ip")), c.getDuration("request-timeout"),
                c.getDuration("retry-after"), Set.copyOf(modules),
                new ActionChecks.Limits(c.getDuration("max-action-window"),
                        (int) Math.min(Integer.MAX_VALUE, c.getBytes("max-inflated-parameters")),
                        (int) Math.min(Integer.MAX_VALUE, c.getLong("max-text-length"))),
                HeartbeatPolicy.fromConfig(c.getConfig("heartbeat")),
                io.gator.api.schedule.ScheduleSettings.fromConfig(c));
    }

    /** The public URL of the API root, e.g. {@code http://localhost:4444/api/v1}. */
    public String baseUrl() {
        return publicUrl + baseRoute;
    }

    private static String normalizeBase(String b) {
        String s = b.trim();
        if (!s.startsWith("/")) {
            s = "/" + s;
        }
        while (s.length() > 1 && s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.equals("/")) {
            throw new IllegalArgumentException("gator.api.base-route must not be the root");
        }
        return s;
    }
}
