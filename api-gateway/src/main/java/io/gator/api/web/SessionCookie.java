package io.gator.api.web;

import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

import java.time.Duration;
import java.util.Optional;

/** The session cookie: read from a request's Cookie headers, written HttpOnly, SameSite=Strict, Path=/. */
public final class SessionCookie {
    public static final String NAME = "gator_session";
    private static final int MAX_VALUE = 128;

    private SessionCookie() {}

    /** The session id the request presents, if any (the first well-formed one). */
    public static Optional<String> of(HttpRequest req) {
        for (HttpHeader h : req.getHeaders()) {
            if (!h.is("cookie")) {
                continue;
            }
            for (String pair : h.value().split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(NAME)) {
                    String value = pair.substring(eq + 1).trim();
                    if (!value.isEmpty() && value.length() <= MAX_VALUE && value.matches("[A-Za-z0-9_-]+")) {
                        return Optional.of(value);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Sets the cookie; it lives as long as the session can (the server ends it earlier when idle). */
    public static HttpHeader set(String id, Duration maxAge, boolean secure) {
        return RawHeader.create("Set-Cookie", NAME + "=" + id + "; Path=/; Max-Age=" + maxAge.toSeconds()
                + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : ""));
    }

    /** Deletes the cookie in the browser. */
    public static HttpHeader clear(boolean secure) {
        return RawHeader.create("Set-Cookie", NAME + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : ""));
    }
}
