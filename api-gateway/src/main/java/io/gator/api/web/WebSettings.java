package io.gator.api.web;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import java.time.Duration;

/**
 * {@code gator.api.web} settings (see reference.conf); {@code secureCookie} follows {@code gator.api.tls}: the
 * session cookie is marked Secure when the API itself serves HTTPS.
 */
public record WebSettings(boolean enabled, Duration idleTimeout, Duration absoluteTimeout, int maxSessions,
                          boolean secureCookie) {
    public WebSettings {
        if (idleTimeout.isNegative() || idleTimeout.isZero() || absoluteTimeout.isNegative() || absoluteTimeout.isZero()) {
            throw new IllegalArgumentException("gator.api.web: session-idle-timeout and session-absolute-timeout "
                    + "must be positive");
        }
        if (maxSessions < 1) {
            throw new IllegalArgumentException("gator.api.web.max-sessions must be at least 1, got " + maxSessions);
        }
    }

    public static WebSettings fromConfig(Config root) {
        Config c = root.getConfig("gator.api.web");
        return new WebSettings(c.getBoolean("enabled"), c.getDuration("session-idle-timeout"),
                c.getDuration("session-absolute-timeout"), c.getInt("max-sessions"),
                !root.getString("gator.api.tls.cert-file").isBlank());
    }

    /** The defaults of reference.conf. */
    public static WebSettings defaults() {
        return fromConfig(ConfigFactory.defaultReference());
    }
}
