package io.gator.core.investigator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.gator.core.json.MigTime;
import java.time.OffsetDateTime;

/**
 * An investigator as MIG's API shows it. {@code publickey} is base64 of the armored key, as MIG
 * sends it; the API key hash is never part of this record.
 */
@JsonPropertyOrder({"id", "name", "pgpfingerprint", "publickey", "status", "createdat", "lastmodified",
        "permissions"})
@JsonInclude(Include.NON_EMPTY)
public record Investigator(
        @JsonInclude(Include.ALWAYS) long id,
        String name,
        @JsonProperty("pgpfingerprint") String pgpFingerprint,
        @JsonProperty("publickey") String publicKey,
        String status,
        @JsonProperty("createdat") @JsonInclude(Include.ALWAYS) OffsetDateTime createdAt,
        @JsonProperty("lastmodified") @JsonInclude(Include.ALWAYS) OffsetDateTime lastModified,
        @JsonInclude(Include.ALWAYS) Permissions permissions) {

    public Investigator {
        name = name == null ? "" : name;
        pgpFingerprint = pgpFingerprint == null ? "" : pgpFingerprint;
        publicKey = publicKey == null ? "" : publicKey;
        status = status == null ? "" : status;
        createdAt = createdAt == null ? MigTime.ZERO : createdAt;
        lastModified = lastModified == null ? MigTime.ZERO : lastModified;
        permissions = permissions == null ? Permissions.NONE : permissions;
    }
}
