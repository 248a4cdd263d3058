package io.gator.api.web;

import io.gator.core.investigator.Investigator;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions of this API node, in memory: a node that restarts signs everyone out, and behind a load
 * balancer a browser must stick to its node (sessions are not shared between nodes). Ids and CSRF tokens are
 * 256 random bits each.
 */
public final class SessionStore {
    private static final int TOKEN_BYTES = 32;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final WebSettings settings;
    private final Clock clock;

    public SessionStore(WebSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** A new session for the investigator; empty when {@code max-sessions} live sessions exist already. */
    public Optional<Session> open(Investigator investigator) {
        Instant now = clock.instant();
        if (sessions.size() >= settings.maxSessions()) {
            sessions.values().removeIf(s -> expired(s, now));
            if (sessions.size() >= settings.maxSessions()) {
                return Optional.empty();
            }
        }
        Session s = new Session(token(), token(), investigator.id(), investigator.name(), now, now);
        sessions.put(s.id(), s);
        return Optional.of(s);
    }

    /** The live session with this id, its idle time restarted; expired sessions are dropped. */
    public Optional<Session> use(String id) {
        Instant now = clock.instant();
        Session s = sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        if (expired(s, now)) {
            sessions.remove(id, s);
            return Optional.empty();
        }
        Session touched = s.touched(now);
        sessions.replace(id, s, touched);
        return Optional.of(touched);
    }

    /** Ends the session (sign-out). */
    public void close(String id) {
        sessions.remove(id);
    }

    /** Live and expired-but-not-yet-dropped sessions. */
    public int size() {
        return sessions.size();
    }

    /** Whether {@code presented} is the session's CSRF token, compared in constant time. */
    public static boolean csrfMatches(Session session, String presented) {
        return MessageDigest.isEqual(session.csrf().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                presented.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** When the session ends at the latest if used continuously. */
    public Instant absoluteExpiry(Session s) {
        return s.created().plus(settings.absoluteTimeout());
    }

    private boolean expired(Session s, Instant now) {
        return !now.isBefore(s.lastUsed().plus(settings.idleTimeout()))
                || !now.isBefore(s.created().plus(settings.absoluteTimeout()));
    }

    private String token() {
        byte[] b = new byte[TOKEN_BYTES];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
