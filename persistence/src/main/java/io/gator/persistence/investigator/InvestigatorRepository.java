package io.gator.persistence.investigator;

import io.gator.core.investigator.Investigator;
import io.gator.core.investigator.Permissions;
import io.gator.core.json.MigJson;
import io.gator.persistence.Database;
import io.gator.persistence.PersistenceException;
import io.gator.persistence.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Investigators: who may sign actions and call the API. The API key is stored only as a hash. */
public final class InvestigatorRepository {
    private final Database db;

    public InvestigatorRepository(Database db) {
        this.db = db;
    }

    /** Inserts a new investigator and returns it with its id; a known fingerprint is an error naming it. */
    public Investigator create(Investigator inv, Optional<String> apiKeyHash) {
        if (inv.pgpFingerprint().isBlank()) {
            throw new IllegalArgumentException("an investigator needs a PGP fingerprint");
        }
        if ((inv.name() + inv.pgpFingerprint() + inv.publicKey()).indexOf('\0') >= 0) {
            // an identity is refused, not stored escaped: the database cannot hold U+0000 in text
            throw new IllegalArgumentException("an investigator's name, fingerprint or key must not contain U+0000");
        }
        if (findByFingerprint(inv.pgpFingerprint()).isPresent()) {
            throw new IllegalArgumentException("an investigator with fingerprint " + inv.pgpFingerprint()
                    + " already exists");
        }
        OffsetDateTime now = OffsetDateTime.now(java.time.ZoneOffset.UTC);
        String sql = "INSERT INTO investigators (name, pgpfingerprint, publickey, status, permissions, apikeyhash,"
                + " createdat, lastmodified) VALUES (?, ?, ?, ?, " + Sql.jsonParam(db.dialect()) + ", ?, ?, ?)";
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, inv.name());
            ps.setString(2, inv.pgpFingerprint());
            ps.setString(3, inv.publicKey());
            ps.setString(4, inv.status().isEmpty() ? "active" : inv.status());
            ps.setString(5, MigJson.write(inv.permissions()));
            ps.setString(6, apiKeyHash.orElse(null));
            ps.setObject(7, now);
            ps.setObject(8, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return findById(keys.getLong(1)).orElseThrow();
            }
        } catch (SQLException e) {
            throw new PersistenceException("creating investigator " + inv.pgpFingerprint() + " failed", e);
        }
    }

    public Optional<Investigator> findById(long id) {
        return one("id = ?", id);
    }

    public Optional<Investigator> findByFingerprint(String fingerprint) {
        return one("UPPER(pgpfingerprint) = UPPER(?)", fingerprint);
    }

    /** Investigators with exactly this name (names are not unique). */
    public List<Investigator> findByName(String name) {
        return query("name = ?", List.of(name));
    }

    /** Active investigators (whose keys may sign actions). */
    public List<Investigator> active() {
        return query("status = ?", List.of("active"));
    }

    public List<Investigator> all() {
        return query("1 = 1", List.of());
    }

    /** The stored API key hash of an investigator, if one is set. */
    public Optional<String> apiKeyHash(long id) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT apikeyhash FROM investigators WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PersistenceException("reading the API key hash of investigator " + id + " failed", e);
        }
    }

    /** Sets status ("active"/"disabled"); false when no such investigator. */
    public boolean setStatus(long id, String status) {
        return update("UPDATE investigators SET status = ?, lastmodified = ? WHERE id = ?", status, id);
    }

    public boolean setPermissions(long id, Permissions p) {
        return update("UPDATE investigators SET permissions = " + Sql.jsonParam(db.dialect())
                + ", lastmodified = ? WHERE id = ?", MigJson.write(p), id);
    }

    public boolean setApiKeyHash(long id, String hash) {
        return update("UPDATE investigators SET apikeyhash = ?, lastmodified = ? WHERE id = ?", hash, id);
    }

    private boolean update(String sql, String value, long id) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            ps.setObject(2, OffsetDateTime.now(java.time.ZoneOffset.UTC));
            ps.setLong(3, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new PersistenceException("updating investigator " + id + " failed", e);
        }
    }

    private Optional<Investigator> one(String where, Object param) {
        List<Investigator> l = query(where, List.of(param));
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    private List<Investigator> query(String where, List<Object> params) {
        String sql = "SELECT id, name, pgpfingerprint, publickey, status, " + Sql.jsonText(db.dialect(), "permissions")
                + " AS permissions, createdat, lastmodified FROM investigators WHERE " + where + " ORDER BY id";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, params);
            List<Investigator> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Investigator(rs.getLong("id"), rs.getString("name"), rs.getString("pgpfingerprint"),
                            rs.getString("publickey"), rs.getString("status"), Sql.time(rs, "createdat"),
                            Sql.time(rs, "lastmodified"), MigJson.read(rs.getString("permissions"), Permissions.class)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new PersistenceException("reading investigators failed", e);
        }
    }
}
