package io.gator.api.backend;

import io.gator.core.investigator.Investigator;

import java.util.Objects;

/** An investigator's stored API key: PBKDF2 hash and salt, never the key. */
public record ApiKeyCredential(Investigator investigator, byte[] hash, byte[] salt) {
    public ApiKeyCredential {
        Objects.requireNonNull(investigator, "investigator");
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
