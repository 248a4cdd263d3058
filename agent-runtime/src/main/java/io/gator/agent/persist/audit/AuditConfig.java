package io.gator.agent.persist.audit;

import io.gator.agent.persist.ModuleSettings;
import io.gator.agent.persist.PersistentConfigException;

/**
 * The {@code [audit]} section of {@code audit.cfg}: the libaudit-go JSON rules file, the kernel's rate limit
 * (messages per second; 0 means 500) and backlog limit (queued messages; 0 means 16384), and whether alerts carry
 * the raw record text.
 */
public record AuditConfig(String rulesPath, int rateLimit, int backlogLimit, boolean includeRaw) {
    static final int DEFAULT_RATE_LIMIT = 500;
    static final int DEFAULT_BACKLOG_LIMIT = 16384;

    public static AuditConfig from(ModuleSettings settings) {
        return new AuditConfig(settings.value("audit", "rulespath").orElse(""),
                limit(settings, "ratelimit", DEFAULT_RATE_LIMIT),
                limit(settings, "backloglimit", DEFAULT_BACKLOG_LIMIT),
                settings.bool("audit", "includeraw").orElse(false));
    }

    private static int limit(ModuleSettings settings, String key, int byDefault) {
        long v = settings.number("audit", key).orElse(0L);
        if (v < 0 || v > 0xFFFFFFFFL) {
            throw new PersistentConfigException("audit." + key + ": '" + v + "' is out of range");
        }
        return v == 0 ? byDefault : (int) v;
    }
}
