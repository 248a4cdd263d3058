package io.gator.api.loader;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * MIG's {@code LoaderEntry} as its API shows it: {@code key} is empty except in the answer that issues it
 * ({@code /loader/new/}, {@code /loader/key/}); {@code agentname} is the host name the loader last reported.
 */
@JsonPropertyOrder({"id", "name", "prefix", "key", "agentname", "lastseen", "enabled", "expectenv"})
public record LoaderEntry(long id, String name, String prefix, String key,
                          @JsonProperty("agentname") String agentName,
                          @JsonProperty("lastseen") OffsetDateTime lastSeen, boolean enabled,
                          @JsonProperty("expectenv") String expectEnv) {
    public LoaderEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(agentName, "agentName");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(expectEnv, "expectEnv");
    }

    /** The entry showing a key just issued (the only time it is shown). */
    public LoaderEntry withKey(String secret) {
        return new LoaderEntry(id, name, prefix, secret, agentName, lastSeen, enabled, expectEnv);
    }

    /** As MIG's search shows entries: without prefix, key and expected environment. */
    public LoaderEntry summary() {
        return new LoaderEntry(id, name, "", "", agentName, lastSeen, enabled, "");
    }
}
