package io.gator.api.backend;

import io.gator.core.investigator.Permissions;

import java.util.Objects;
import java.util.Optional;

/** Changes to one investigator; absent parts stay as they are. */
public record InvestigatorUpdate(long id, Optional<String> status, Optional<Permissions> permissions,
                                 Optional<ApiKeyChange> apiKey) {
    public InvestigatorUpdate {
        status = status == null ? Optional.empty() : status;
        permissions = permissions == null ? Optional.empty() : permissions;
        apiKey = apiKey == null ? Optional.empty() : apiKey;
    }

    /** What happens to the investigator's API key. */
    public sealed interface ApiKeyChange {
        /** Store this hash, salt and lookup tag (the key itself is shown to the caller once, never stored). */
        record Set(byte[] hash, byte[] salt, String lookup) implements ApiKeyChange {
            public Set(byte[] hash, byte[] salt) {
                this(hash, salt, "");
            }

            public Set {
                lookup = lookup == null ? "" : lookup;
                Objects.requireNonNull(hash, "hash");
                Objects.requireNonNull(salt, "salt");
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

        /** Remove the key. */
        record Remove() implements ApiKeyChange {}
    }
}
