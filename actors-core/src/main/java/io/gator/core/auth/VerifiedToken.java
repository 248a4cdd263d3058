package io.gator.core.auth;

import java.time.Instant;

/** An accepted token: who signed it (primary fingerprint), when, and its nonce. */
public record VerifiedToken(String fingerprint, Instant time, String nonce) {}
