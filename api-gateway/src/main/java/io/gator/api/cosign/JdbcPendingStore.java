package io.gator.api.cosign;

import io.gator.persistence.Database;
import io.gator.persistence.PersistenceException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pending actions in the {@code cosign_pending} table (created by SchemaInit): one row per action, the record
 * as JSON; a change replaces the row only at the version it was read at, so two API nodes never lose a
 * signature to each other.
 */
public final class JdbcPendingStore implements PendingStore {
    private static final String AWAITING = PendingStatus.AWAITING.label();
    private final Database db;

    public JdbcPendingStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean insert(PendingAction p) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO cosign_pending (id, status, createdat, version, doc) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, p.id());
            ps.setString(2, p.status().label());
            ps.setObject(3, p.createdAt());
            ps.setLong(4, p.version());
            ps.setString(5, PendingJson.write(p));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) { // unique violation: the ID is taken
                return false;
            }
            throw new PersistenceException("cannot store pending action " + p.id(), e);
        }
    }

    @Override
    public Optional<PendingAction> get(long id) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT doc FROM cosign_pending WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(PendingJson.read(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PersistenceException("cannot read pending action " + id, e);
        }
    }

    @Override
    public List<PendingAction> list(boolean all, int limit) {
        String sql = "SELECT doc FROM cosign_pending" + (all ? "" : " WHERE status = ?")
                + " ORDER BY createdat DESC, id DESC LIMIT ?";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (!all) {
                ps.setString(i++, AWAITING);
            }
            ps.setInt(i, limit);
            List<PendingAction> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(PendingJson.read(rs.getString(1)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new PersistenceException("cannot list pending actions", e);
        }
    }

    @Override
    public boolean replace(PendingAction next) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE cosign_pending SET status = ?, version = ?, doc = ? WHERE id = ? AND version = ?")) {
            ps.setString(1, next.status().label());
            ps.setLong(2, next.version());
            ps.setString(3, PendingJson.write(next));
            ps.setLong(4, next.id());
            ps.setLong(5, next.version() - 1);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new PersistenceException("cannot update pending action " + next.id(), e);
        }
    }
}
