package io.gator.api.auth;

/**
 * Checks an {@code X-PGPAUTHORIZATION} token ({@code 1;<UTC time>;<nonce>;<signature>}): format,
 * time within the token duration, nonce not seen before within that window, and the signature
 * against the keyring of active investigators. Wired to {@code io.gator.core.auth} in production.
 */
@FunctionalInterface
public interface TokenVerifier {
    /** The signer's PGP fingerprint; throws with the reason when the token is not acceptable. */
    String verify(String header) throws AuthException;
}
