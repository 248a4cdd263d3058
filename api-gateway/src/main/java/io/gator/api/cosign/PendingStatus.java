package io.gator.api.cosign;

/** Where a pending action stands; only {@link #AWAITING} accepts signatures or a cancel. */
public enum PendingStatus {
    AWAITING("awaiting signatures"),
    LAUNCHED("launched"),
    EXPIRED("expired"),
    CANCELLED("cancelled");

    private final String label;

    PendingStatus(String label) {
        this.label = label;
    }

    /** As the API shows it. */
    public String label() {
        return label;
    }

    public static PendingStatus ofLabel(String label) {
        for (PendingStatus s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown co-signing status '" + label + "'");
    }
}
