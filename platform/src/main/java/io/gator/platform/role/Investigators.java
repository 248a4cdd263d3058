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
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Operator-side investigator management, straight against the database: how the first admin is
 * made ({@code gator investigator create --admin}), never through an open API, and the way back
 * when no active admin is left ({@code gator investigator enable <id|name> [--admin]}).
 */
public final class Investigators {
    private Investigators() {}

    /**
     * Creates an investigator from an armored public key. A known fingerprint is returned as is, except that
     * {@code admin} makes it an active admin again (the way back for an admin who disabled or demoted themselves).
     */
    public static Investigator create(Database db, String name, String armoredPublicKey, boolean admin) {
        String fingerprint = PublicKeys.fingerprint(armoredPublicKey);
        InvestigatorRepository repo = new InvestigatorRepository(db);
        Optional<Investigator> existing = repo.findByFingerprint(fingerprint);
        if (existing.isPresent()) {
            return admin ? restore(repo, existing.get(), true) : existing.get();
        }
        return repo.create(new Investigator(0, name, fingerprint,
                Base64.getEncoder().encodeToString(armoredPublicKey.getBytes(StandardCharsets.UTF_8)), "active", null,
                null, admin ? Permissions.ALL : Permissions.INVESTIGATOR), Optional.empty());
    }

    /**
     * Makes the investigator named by id or (unique) name active again, and with {@code admin} an admin; works
     * whatever the API would allow, so operators can recover when no active admin is left.
     */
    public static Investigator enable(Database db, String idOrName, boolean admin) {
        InvestigatorRepository repo = new InvestigatorRepository(db);
        Optional<Investigator> byId = idOrName.matches("[0-9]{1,18}") ? repo.findById(Long.parseLong(idOrName))
                : Optional.empty();
        if (byId.isPresent()) {
            return restore(repo, byId.get(), admin);
        }
        List<Investigator> named = repo.findByName(idOrName);
        if (named.isEmpty()) {
            throw new IllegalArgumentException("no investigator has the id or name '" + idOrName
                    + "' (names are matched exactly)");
        }
        if (named.size() > 1) {
            throw new IllegalArgumentException(named.size() + " investigators are named '" + idOrName + "' (ids "
                    + named.stream().map(i -> String.valueOf(i.id())).collect(Collectors.joining(", "))
                    + "): give the id");
        }
        return restore(repo, named.get(0), admin);
    }

    /** MIG's administrator: may list, create and update investigators. */
    public static boolean isAdmin(Investigator i) {
        Permissions p = i.permissions();
        return p.investigator() && p.investigatorCreate() && p.investigatorUpdate();
    }

    private static Investigator restore(InvestigatorRepository repo, Investigator i, boolean admin) {
        repo.setStatus(i.id(), "active");
        if (admin && !isAdmin(i)) {
            repo.setPermissions(i.id(), Permissions.ALL);
        }
        return repo.findById(i.id()).orElseThrow();
    }

    /** Same as {@link #create(Database, String, String, boolean)}, opening the database from configuration. */
    public static Investigator create(Config config, String name, String armoredPublicKey, boolean admin) {
        return withDatabase(config, db -> create(db, name, armoredPublicKey, admin));
    }

    /** Same as {@link #enable(Database, String, boolean)}, opening the database from configuration. */
    public static Investigator enable(Config config, String idOrName, boolean admin) {
        return withDatabase(config, db -> enable(db, idOrName, admin));
    }

    private static <T> T withDatabase(Config config, Function<Database, T> work) {
        PersistenceSettings ps = PersistenceSettings.from(PersistenceConfig.withPersistence(config));
        try (Database db = Database.open(ps)) {
            return work.apply(db);
        }
    }
}
