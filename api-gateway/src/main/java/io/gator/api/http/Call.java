package io.gator.api.http;

import io.gator.core.investigator.Investigator;

import java.util.Map;

/**
 * One authenticated call: who makes it, its query parameters (the first value of each), its href, and
 * when it started (the request timeout counts from there).
 */
record Call(Investigator investigator, Map<String, String> query, String href, long startNanos) {
    Call {
        query = Map.copyOf(query);
    }
}
