package io.gator.api.loader;

import java.util.Optional;

/** A manifest's status: staged until it has enough signatures, then active, until an investigator disables it. */
public enum ManifestStatus {
    STAGED("staged"), ACTIVE("active"), DISABLED("disabled");

    private final String label;

    ManifestStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<ManifestStatus> parse(String s) {
        for (ManifestStatus m : values()) {
            if (m.label.equals(s)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
