package io.gator.api.backend;

import io.gator.core.investigator.Investigator;

import java.util.Objects;

/**
 * An investigator's stored API key: PBKDF2 hash and salt, never the key; {@code lookup} is the key's
 * lookup tag ({@code ApiKeys.lookup}), empty for keys stored before tags existed.
 */
public record ApiKeyCredential(Investigator investigator, byte[] hash, byte[] salt, String lookup) {
    public ApiKeyCredential(Investigator investigator, byte[] hash, byte[] salt) {
        this(investigator, hash, salt, "");
    }

    public ApiKeyCredential {
        Objects.requireNonNull(investigator, "investigator");
        lookup = lookup == null ? "" : lookup;
        hash = hash.clone();
        salt = salt.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }
}
