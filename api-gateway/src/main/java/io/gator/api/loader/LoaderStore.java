package io.gator.api.loader;

import io.gator.api.backend.BackendRejectedException;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.PersistenceException;
import io.gator.core.target.SqlWhere;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code loaders}, {@code manifests} and {@code manifest_signatures} tables (created by SchemaInit), on
 * PostgreSQL or H2. Blocking JDBC: {@link LoaderService} calls it on the blocking dispatcher.
 */
public final class LoaderStore {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String LOADER_COLUMNS = "id, loadername, keyprefix, name, lastseen, enabled, expectenv";

    private final Database db;
    private final String jsonParam;

    public LoaderStore(Database db) {
        this.db = db;
        this.jsonParam = db.dialect() == Dialect.POSTGRES ? "CAST(? AS JSONB)" : "?";
    }

    public Dialect dialect() {
        return db.dialect();
    }

    /** What a loader's key is checked against: the enabled entry of a prefix. */
    public record KeyCheck(long loaderId, String loaderName, String hashHex, String saltHex) {}

    /** An active manifest's ID and target, newest first, with its signature count. */
    public record Candidate(long id, String target, int signatures) {}

    // ---- loaders

    /** A new, disabled entry; empty when the prefix is taken (draw another); 400 when the name is. */
    public Optional<LoaderEntry> addLoader(String name, String expectEnv, LoaderKey.Issued key, OffsetDateTime now) {
        try (Connection c = db.connection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM loaders WHERE loadername = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        throw new BackendRejectedException("a loader named '" + name + "' exists already");
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO loaders (loadername, keyprefix, keyhash, "
                    + "keysalt, lastseen, enabled, expectenv) VALUES (?, ?, ?, ?, ?, FALSE, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, name);
                ps.setString(2, key.key().prefix());
                ps.setString(3, key.hashHex());
                ps.setString(4, key.saltHex());
                ps.setObject(5, now);
                ps.setString(6, expectEnv);
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    rs.next();
                    return Optional.of(new LoaderEntry(rs.getLong(1), name, key.key().prefix(), "", "", now, false,
                            expectEnv));
                }
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    if (loaderByName(c, name)) {
                        throw new BackendRejectedException("a loader named '" + name + "' exists already");
                    }
                    return Optional.empty();
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new PersistenceException("cannot add loader " + name, e);
        }
    }

    private static boolean loaderByName(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM loaders WHERE loadername = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public Optional<LoaderEntry> loader(long id) {
        return query("SELECT " + LOADER_COLUMNS + " FROM loaders WHERE id = ?", List.of(id), LoaderStore::entry)
                .stream().findFirst();
    }

    /** Enables or disables; false when there is no such entry. */
    public boolean setEnabled(long id, boolean enabled) {
        return update("UPDATE loaders SET enabled = ? WHERE id = ?", List.of(enabled, id)) == 1;
    }

    public boolean setExpectEnv(long id, String expectEnv) {
        return update("UPDATE loaders SET expectenv = ? WHERE id = ?", List.of(expectEnv, id)) == 1;
    }

    public boolean setKey(long id, String hashHex, String saltHex) {
        return update("UPDATE loaders SET keyhash = ?, keysalt = ? WHERE id = ?", List.of(hashHex, saltHex, id)) == 1;
    }

    public Optional<KeyCheck> enabledByPrefix(String prefix) {
        return query("SELECT id, loadername, keyhash, keysalt FROM loaders WHERE keyprefix = ? AND enabled = TRUE",
                List.of(prefix), rs -> new KeyCheck(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .stream().findFirst();
    }

    /** Writes what the loader reported and when (MIG rewrites the entry on every authenticated request). */
    public void recordSeen(long id, LoaderReport r, OffsetDateTime now) {
        update("UPDATE loaders SET name = ?, environment = " + jsonParam + ", tags = " + jsonParam
                + ", queueloc = ?, lastseen = ? WHERE id = ?",
                List.of(r.agentName(), r.environmentJson(), r.tagsJson(), r.queueLoc(), now, id));
    }

    /** Whether the entry satisfies a compiled loader target (columns qualified with {@code l}). */
    public boolean matches(long loaderId, SqlWhere where) {
        List<Object> params = new ArrayList<>();
        params.add(loaderId);
        params.addAll(where.params());
        return !query("SELECT 1 FROM loaders l WHERE l.id = ? AND (" + where.sql() + ")", params, rs -> 1).isEmpty();
    }

    /** Enabled entries a compiled target selects, by name (MIG's manifest/loaders/). */
    public List<LoaderEntry> enabledMatching(SqlWhere where, int limit) {
        List<Object> params = new ArrayList<>(where.params());
        params.add(limit);
        return query("SELECT l.id, l.loadername, '' AS keyprefix, l.name, l.lastseen, l.enabled, '' AS expectenv "
                + "FROM loaders l WHERE l.enabled = TRUE AND (" + where.sql() + ") ORDER BY l.loadername LIMIT ?",
                params, LoaderStore::entry);
    }

    /** MIG's loader search: lastseen window, name patterns (ILIKE), ID, by loader name. */
    public List<LoaderEntry> searchLoaders(LoaderSearch q) {
        StringBuilder sql = new StringBuilder("SELECT id, loadername, '' AS keyprefix, name, lastseen, enabled, "
                + "'' AS expectenv FROM loaders WHERE lastseen >= ? AND lastseen <= ?");
        List<Object> params = new ArrayList<>(List.of(q.after(), q.before()));
        if (!q.name().equals("%")) {
            sql.append(" AND loadername ILIKE ?");
            params.add(q.name());
        }
        if (!q.agentName().equals("%")) {
            sql.append(" AND name ILIKE ?");
            params.add(q.agentName());
        }
        q.id().ifPresent(id -> {
            sql.append(" AND id = ?");
            params.add(id);
        });
        sql.append(" ORDER BY loadername LIMIT ? OFFSET ?");
        params.add(q.limit());
        params.add(q.offset());
        return query(sql.toString(), params, LoaderStore::entry);
    }

    private static LoaderEntry entry(ResultSet rs) throws SQLException {
        return new LoaderEntry(rs.getLong(1), rs.getString(2), rs.getString(3), "", rs.getString(4),
                rs.getObject(5, OffsetDateTime.class), rs.getBoolean(6), rs.getString(7));
    }

    // ---- manifests

    /** A new manifest, always staged (MIG ignores the status sent). */
    public long addManifest(String name, String content, String target, OffsetDateTime now) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO manifests (name, content, timestamp, status, target) VALUES (?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, name);
            ps.setString(2, content);
            ps.setObject(3, now);
            ps.setString(4, ManifestStatus.STAGED.label());
            ps.setString(5, target);
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new PersistenceException("cannot add manifest " + name, e);
        }
    }

    /** The whole record, content and signatures included. */
    public Optional<ManifestRecord> manifest(long id) {
        Optional<ManifestRecord> bare = query("SELECT id, name, content, timestamp, status, target FROM manifests "
                + "WHERE id = ?", List.of(id), LoaderStore::manifestRow).stream().findFirst();
        return bare.map(m -> new ManifestRecord(m.id(), m.name(), m.content(), m.timestamp(), m.manifestStatus(),
                m.target(), signatures(id)));
    }

    /** The record without its content (what serving a loader needs when the archive is already parsed). */
    public Optional<ManifestRecord> manifestWithoutContent(long id) {
        Optional<ManifestRecord> bare = query("SELECT id, name, '' AS content, timestamp, status, target FROM manifests "
                + "WHERE id = ?", List.of(id), LoaderStore::manifestRow).stream().findFirst();
        return bare.map(m -> new ManifestRecord(m.id(), m.name(), "", m.timestamp(), m.manifestStatus(),
                m.target(), signatures(id)));
    }

    /** The signatures of a manifest in the order they were given. */
    public List<String> signatures(long manifestId) {
        return query("SELECT signature FROM manifest_signatures WHERE manifestid = ? ORDER BY signedat, investigatorid",
                List.of(manifestId), rs -> rs.getString(1));
    }

    /** Active manifests, newest first (MIG's order: timestamp descending). */
    public List<Candidate> activeManifests() {
        return query("SELECT m.id, m.target, (SELECT COUNT(*) FROM manifest_signatures s WHERE s.manifestid = m.id) "
                + "FROM manifests m WHERE m.status = ? ORDER BY m.timestamp DESC, m.id DESC",
                List.of(ManifestStatus.ACTIVE.label()), rs -> new Candidate(rs.getLong(1), rs.getString(2),
                        rs.getInt(3)));
    }

    /** What a signature led to. */
    public enum SignOutcome { SIGNED, NO_SUCH_MANIFEST, DISABLED, ALREADY_SIGNED }

    /**
     * Adds an investigator's signature to a manifest that is not disabled and recomputes its status (active
     * once it has {@code required} signatures), in one transaction.
     */
    public SignOutcome addSignature(long manifestId, long investigatorId, String signature, int required,
                                    OffsetDateTime now) {
        try {
            return inTransaction("cannot sign manifest " + manifestId, c -> {
                Optional<String> status = first(c, "SELECT status FROM manifests WHERE id = ? FOR UPDATE",
                        List.of(manifestId));
                if (status.isEmpty()) {
                    return SignOutcome.NO_SUCH_MANIFEST;
                }
                if (ManifestStatus.DISABLED.label().equals(status.get())) {
                    return SignOutcome.DISABLED;
                }
                if (first(c, "SELECT 'x' FROM manifest_signatures WHERE manifestid = ? AND investigatorid = ?",
                        List.of(manifestId, investigatorId)).isPresent()) {
                    return SignOutcome.ALREADY_SIGNED;
                }
                execute(c, "INSERT INTO manifest_signatures (manifestid, investigatorid, signature, signedat) "
                        + "VALUES (?, ?, ?, ?)", List.of(manifestId, investigatorId, signature, now));
                recomputeStatus(c, manifestId, required);
                return SignOutcome.SIGNED;
            });
        } catch (PersistenceException e) {
            if (e.getCause() instanceof SQLException q && UNIQUE_VIOLATION.equals(q.getSQLState())) {
                return SignOutcome.ALREADY_SIGNED; // signed concurrently by the same investigator
            }
            throw e;
        }
    }

    /** MIG's reset (status "staged"): every signature removed, status recomputed (unless disabled). */
    public boolean reset(long manifestId, int required) {
        return inTransaction("cannot reset manifest " + manifestId, c -> {
            if (execute(c, "UPDATE manifests SET status = status WHERE id = ?", List.of(manifestId)) == 0) {
                return false;
            }
            execute(c, "DELETE FROM manifest_signatures WHERE manifestid = ?", List.of(manifestId));
            recomputeStatus(c, manifestId, required);
            return true;
        });
    }

    /** Disabled for good; false when there is no such manifest. */
    public boolean disable(long manifestId) {
        return update("UPDATE manifests SET status = ? WHERE id = ?",
                List.of(ManifestStatus.DISABLED.label(), manifestId)) == 1;
    }

    private static void recomputeStatus(Connection c, long manifestId, int required) throws SQLException {
        long count = Long.parseLong(first(c, "SELECT COUNT(*) FROM manifest_signatures WHERE manifestid = ?",
                List.of(manifestId)).orElse("0"));
        execute(c, "UPDATE manifests SET status = ? WHERE id = ? AND status <> ?", List.of(
                (count >= required ? ManifestStatus.ACTIVE : ManifestStatus.STAGED).label(), manifestId,
                ManifestStatus.DISABLED.label()));
    }

    /** MIG's manifest search: timestamp window, name pattern (ILIKE), ID, status pattern; newest first. */
    public List<ManifestRecord> searchManifests(ManifestSearch q) {
        StringBuilder sql = new StringBuilder("SELECT id, name, '' AS content, timestamp, status, target FROM manifests "
                + "WHERE timestamp >= ? AND timestamp <= ?");
        List<Object> params = new ArrayList<>(List.of(q.after(), q.before()));
        if (!q.name().equals("%")) {
            sql.append(" AND name ILIKE ?");
            params.add(q.name());
        }
        q.id().ifPresent(id -> {
            sql.append(" AND id = ?");
            params.add(id);
        });
        if (!q.status().equals("%")) {
            sql.append(" AND status ILIKE ?");
            params.add(q.status());
        }
        sql.append(" ORDER BY timestamp DESC, id DESC LIMIT ? OFFSET ?");
        params.add(q.limit());
        params.add(q.offset());
        return query(sql.toString(), params, LoaderStore::manifestRow);
    }

    private static ManifestRecord manifestRow(ResultSet rs) throws SQLException {
        String status = rs.getString(5);
        return new ManifestRecord(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getObject(4, OffsetDateTime.class),
                ManifestStatus.parse(status).orElseThrow(() -> new PersistenceException(
                        "manifest " + status + " has an unknown status", null)), rs.getString(6), List.of());
    }

    // ---- plumbing

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** {@code work} in one transaction, committed when it returns, rolled back when it throws. */
    private <T> T inTransaction(String what, Work<T> work) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                T out = work.run(c);
                c.commit();
                return out;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new PersistenceException(what, e);
        }
    }

    /** The first column of the first row as text, in a transaction's connection. */
    private static Optional<String> first(Connection c, String sql, List<?> params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static int execute(Connection c, String sql, List<?> params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    private <T> List<T> query(String sql, List<?> params, Row<T> row) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new PersistenceException("loader query failed: " + e.getMessage(), e);
        }
    }

    private int update(String sql, List<?> params) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("loader update failed: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement ps, List<?> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
    }
}
