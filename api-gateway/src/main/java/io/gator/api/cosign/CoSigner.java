package io.gator.api.cosign;

import java.time.OffsetDateTime;

/** An investigator whose verified signature a pending action carries, and when it was added. */
public record CoSigner(long investigatorId, String name, String fingerprint, OffsetDateTime signedAt) {}
