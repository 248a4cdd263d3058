package io.gator.platform.role;

import com.typesafe.config.Config;
import io.gator.api.auth.PublicKeys;
import io.gator.core.investigator.Investigator;
import io.gator.core.investigator.Permissions;
import io.gator.persistence.Database;
import io.gator.persistence.PersistenceConfig;
import io.gator.persistence.PersistenceSettings;
import io.gator.persistence.investigator.InvestigatorRepository;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Operator-side investigator management, straight against the database: how the first admin is
 * made ({@code gator investigator create --admin}), never through an open API.
 */
public final class Investigators {
    private Investigators() {}

    /** Creates an investigator from an armored public key; an existing fingerprint is returned as is. */
    public static Investigator create(Database db, String name, String armoredPublicKey, boolean admin) {
        String fingerprint = PublicKeys.fingerprint(armoredPublicKey);
        InvestigatorRepository repo = new InvestigatorRepository(db);
        Optional<Investigator> existing = repo.findByFingerprint(fingerprint);
        if (existing.isPresent()) {
            return existing.get();
        }
        return repo.create(new Investigator(0, name, fingerprint,
                Base64.getEncoder().encodeToString(armoredPublicKey.getBytes(StandardCharsets.UTF_8)), "active", null,
                null, admin ? Permissions.ALL : Permissions.INVESTIGATOR), Optional.empty());
    }

    /** Same, opening the database from configuration. */
    public static Investigator create(Config config, String name, String armoredPublicKey, boolean admin) {
        PersistenceSettings ps = PersistenceSettings.from(PersistenceConfig.withPersistence(config));
        try (Database db = Database.open(ps)) {
            return create(db, name, armoredPublicKey, admin);
        }
    }
}
