package io.gator.api.web;

import java.time.Instant;

/**
 * A signed-in browser: its cookie value {@code id}, the CSRF token its state-changing calls must carry, the
 * investigator it acts as (looked up again on every request, so disabling them ends the session's rights) and
 * its times, for idle and absolute expiry.
 */
public record Session(String id, String csrf, long investigatorId, String investigatorName, Instant created,
                      Instant lastUsed) {
    Session touched(Instant now) {
        return new Session(id, csrf, investigatorId, investigatorName, created, now);
    }
}
