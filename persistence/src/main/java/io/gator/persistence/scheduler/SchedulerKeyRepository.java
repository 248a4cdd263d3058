package io.gator.persistence.scheduler;

import io.gator.core.investigator.Investigator;
import io.gator.core.investigator.Permissions;
import io.gator.persistence.Database;
import io.gator.persistence.PersistenceException;
import io.gator.persistence.Sql;
import io.gator.persistence.investigator.InvestigatorRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * The scheduler's own signing key: one row in {@code scheduler_key} (id 1), written once by whichever
 * scheduler node starts first, read by all the others. The private key lives only in this table; the
 * public half is also an {@code investigators} row (status active, no API permission) so the API shows it
 * and {@code GET /publickey/<fingerprint>} serves it, as MIG's {@code migscheduler} investigator did.
 */
public final class SchedulerKeyRepository {
    /** SQLState of a unique or primary key violation (PostgreSQL and H2 agree). */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Database db;

    public SchedulerKeyRepository(Database db) {
        this.db = db;
    }

    /** The stored key; {@link #toString()} leaves the private key out so it never reaches a log. */
    public record StoredKey(String name, String fingerprint, String armoredPublicKey, String armoredPrivateKey,
                            OffsetDateTime createdAt) {
        @Override
        public String toString() {
            return "StoredKey[name=" + name + ", fingerprint=" + fingerprint + ", createdAt=" + createdAt + "]";
        }
    }

    public Optional<StoredKey> find() {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT name, pgpfingerprint, publickey, privatekey, createdat FROM scheduler_key WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new StoredKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    Sql.time(rs, "createdat")));
        } catch (SQLException e) {
            throw new PersistenceException("reading the scheduler key failed", e);
        }
    }

    /**
     * Stores {@code key} unless a key is already there. Returns false when another node stored one first:
     * the caller then reads it back with {@link #find()} and uses that one.
     */
    public boolean insertIfAbsent(StoredKey key) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO scheduler_key (id, name, pgpfingerprint, publickey, privatekey, createdat)"
                        + " VALUES (1, ?, ?, ?, ?, ?)")) {
            ps.setString(1, key.name());
            ps.setString(2, key.fingerprint());
            ps.setString(3, key.armoredPublicKey());
            ps.setString(4, key.armoredPrivateKey());
            ps.setObject(5, key.createdAt());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw new PersistenceException("storing the scheduler key failed", e);
        }
    }

    /**
     * The investigators row presenting the key (name, fingerprint, public key, status active, no permission),
     * created when missing; concurrent creators end up reading the same row.
     */
    public Investigator ensureInvestigator(StoredKey key) {
        InvestigatorRepository investigators = new InvestigatorRepository(db);
        Optional<Investigator> known = investigators.findByFingerprint(key.fingerprint());
        if (known.isPresent()) {
            return known.get();
        }
        try {
            // investigators carry base64 of the armored key, as MIG's API does
            String publicKey = java.util.Base64.getEncoder().encodeToString(
                    key.armoredPublicKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return investigators.create(new Investigator(0, key.name(), key.fingerprint(), publicKey,
                    "active", null, null, Permissions.NONE), Optional.empty());
        } catch (PersistenceException | IllegalArgumentException raced) {
            // another node inserted it between our read and our insert
            return investigators.findByFingerprint(key.fingerprint()).orElseThrow(() -> raced);
        }
    }
}
