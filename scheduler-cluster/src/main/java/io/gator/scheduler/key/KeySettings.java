package io.gator.scheduler.key;

import com.typesafe.config.Config;

/** {@code gator.scheduler.key.*}: how the scheduler's signing key is made the first time. */
public record KeySettings(String name, String userId, int rsaBits) {
    public KeySettings {
        if (rsaBits < 2048) {
            throw new IllegalArgumentException("gator.scheduler.key.rsa-bits must be at least 2048, got " + rsaBits);
        }
    }

    public static KeySettings from(Config root) {
        Config c = root.getConfig("gator.scheduler.key");
        return new KeySettings(c.getString("name"), c.getString("user-id"), c.getInt("rsa-bits"));
    }
}
