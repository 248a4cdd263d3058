/**
 * MIG's API authentication token ({@code X-PGPAUTHORIZATION}): building
 * ({@link io.gator.core.auth.AuthToken}) and checking with replay protection
 * ({@link io.gator.core.auth.TokenVerifier}, {@link io.gator.core.auth.NonceCache}).
 */
package io.gator.core.auth;
