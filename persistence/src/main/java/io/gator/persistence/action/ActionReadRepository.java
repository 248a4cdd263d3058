package io.gator.persistence.action;

import io.gator.core.action.Action;
import io.gator.core.action.Counters;
import io.gator.core.json.MigJson;
import io.gator.persistence.Database;
import io.gator.persistence.PersistenceException;
import io.gator.persistence.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the {@code actions} table the projection maintains. The returned Action is the stored action
 * JSON with status, counters and times from the row. Names match with SQL LIKE ({@code %} wildcard), as
 * MIG's search does.
 */
public final class ActionReadRepository {
    private final Database db;

    public ActionReadRepository(Database db) {
        this.db = db;
    }

    public Optional<Action> find(long id) {
        List<Action> l = search(ActionSearch.all().withActionId(id).withLimit(1));
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    public List<Action> search(ActionSearch s) {
        StringBuilder where = new StringBuilder("1 = 1");
        List<Object> p = new ArrayList<>();
        s.actionId().ifPresent(v -> { where.append(" AND id = ?"); p.add(v); });
        s.actionName().ifPresent(v -> { where.append(" AND name LIKE ?"); p.add(Sql.like(v)); });
        s.status().ifPresent(v -> { where.append(" AND status = ?"); p.add(v); });
        s.after().ifPresent(v -> { where.append(" AND validfrom >= ?"); p.add(v); });
        s.before().ifPresent(v -> { where.append(" AND expireafter <= ?"); p.add(v); });
        s.agentId().ifPresent(v -> { where.append(" AND id IN (SELECT actionid FROM commands WHERE agentid = ?)"); p.add(v); });
        s.agentName().ifPresent(v -> {
            where.append(" AND id IN (SELECT actionid FROM commands WHERE agentname LIKE ?)");
            p.add(Sql.like(v));
        });
        s.threatFamily().ifPresent(v -> {
            where.append(" AND LOWER(" + ActionSearch.threatFamilySql(db.dialect()) + ") LIKE LOWER(?)");
            p.add(Sql.like(v));
        });
        String sql = "SELECT id, status, " + Sql.jsonText(db.dialect(), "action") + " AS action, sent, done, inflight,"
                + " success, failed, timeout, expired, cancelled, starttime, finishtime, lastupdatetime FROM actions"
                + " WHERE " + where + " ORDER BY id DESC LIMIT " + s.limit() + " OFFSET " + s.offset();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, p);
            List<Action> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Action a = MigJson.read(rs.getString("action"), Action.class);
                    Counters k = new Counters(rs.getInt("sent"), rs.getInt("done"), rs.getInt("inflight"),
                            rs.getInt("success"), rs.getInt("cancelled"), rs.getInt("expired"), rs.getInt("failed"),
                            rs.getInt("timeout"));
                    out.add(a.withId(rs.getLong("id")).withStatus(rs.getString("status"), k)
                            .withTimes(Sql.time(rs, "starttime"), Sql.time(rs, "finishtime"),
                                    Sql.time(rs, "lastupdatetime")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new PersistenceException("searching actions failed", e);
        }
    }
}
