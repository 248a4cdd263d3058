package io.gator.api.loader;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

/**
 * MIG's {@code ManifestRecord} as its API shows it: {@code content} is the base64 of the tar.gz (left out of
 * search results), {@code signatures} null when there are none (Go's nil slice).
 */
@JsonPropertyOrder({"id", "name", "content", "timestamp", "status", "target", "signatures"})
public record ManifestRecord(long id, String name,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) String content,
                             OffsetDateTime timestamp, @JsonIgnore ManifestStatus manifestStatus, String target,
                             @JsonIgnore List<String> signatureList) {
    public ManifestRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(manifestStatus, "status");
        Objects.requireNonNull(target, "target");
        signatureList = List.copyOf(signatureList);
    }

    @JsonProperty("status")
    public String status() {
        return manifestStatus.label();
    }

    @JsonProperty("signatures")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public List<String> signatures() {
        return signatureList.isEmpty() ? null : signatureList;
    }

    /** As MIG's search shows records: no content, no signatures. */
    public ManifestRecord summary() {
        return new ManifestRecord(id, name, "", timestamp, manifestStatus, target, List.of());
    }
}
