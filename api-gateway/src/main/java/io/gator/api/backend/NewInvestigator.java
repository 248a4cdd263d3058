package io.gator.api.backend;

import io.gator.core.investigator.Permissions;

import java.util.Objects;

/** An investigator to create: the key's fingerprint is computed by the API from {@code armoredPublicKey}. */
public record NewInvestigator(String name, String pgpFingerprint, String armoredPublicKey, Permissions permissions) {
    public NewInvestigator {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pgpFingerprint, "pgpFingerprint");
        Objects.requireNonNull(armoredPublicKey, "armoredPublicKey");
        permissions = permissions == null ? Permissions.INVESTIGATOR : permissions;
    }
}
