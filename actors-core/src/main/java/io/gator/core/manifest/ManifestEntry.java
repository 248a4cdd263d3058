package io.gator.core.manifest;

import java.util.Objects;
import java.util.regex.Pattern;

/** One file of a manifest: its name (a loader bundle entry such as {@code mig-agent}) and its SHA-256 in hex. */
public record ManifestEntry(String name, String sha256) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ManifestEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        if (name.isEmpty()) {
            throw new InvalidManifestException("manifest entry without a name");
        }
        if (!SHA256.matcher(sha256).matches()) {
            throw new InvalidManifestException("manifest entry " + name + " has no valid sha256");
        }
    }
}
