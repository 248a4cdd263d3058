package io.gator.persistence.action;

import com.fasterxml.jackson.core.type.TypeReference;
import io.gator.core.command.Result;
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
import java.util.Map;
import java.util.Optional;

/** Reads the {@code commands} table the projection maintains, with MIG's search filters. */
public final class CommandReadRepository {
    private static final TypeReference<List<Result>> RESULTS = new TypeReference<>() {};
    private final Database db;

    public CommandReadRepository(Database db) {
        this.db = db;
    }

    public Optional<CommandRow> find(long id) {
        List<CommandRow> l = query("id = ?", List.of(id), 1, 0);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    public List<CommandRow> search(ActionSearch s) {
        StringBuilder where = new StringBuilder("1 = 1");
        List<Object> p = new ArrayList<>();
        s.actionId().ifPresent(v -> { where.append(" AND actionid = ?"); p.add(v); });
        s.status().ifPresent(v -> { where.append(" AND status = ?"); p.add(v); });
        s.agentId().ifPresent(v -> { where.append(" AND agentid = ?"); p.add(v); });
        s.agentName().ifPresent(v -> { where.append(" AND agentname LIKE ?"); p.add(Sql.like(v)); });
        s.after().ifPresent(v -> { where.append(" AND starttime >= ?"); p.add(v); });
        s.before().ifPresent(v -> { where.append(" AND starttime <= ?"); p.add(v); });
        s.actionName().ifPresent(v -> {
            where.append(" AND actionid IN (SELECT id FROM actions WHERE name LIKE ?)");
            p.add(Sql.like(v));
        });
        s.threatFamily().ifPresent(v -> {
            where.append(" AND actionid IN (SELECT id FROM actions WHERE LOWER("
                    + ActionSearch.threatFamilySql(db.dialect()) + ") LIKE LOWER(?))");
            p.add(Sql.like(v));
        });
        return query(where.toString(), p, s.limit(), s.offset());
    }

    /** Commands per status of one action (what the progress bar shows). */
    public Map<String, Integer> countByStatus(long actionId) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT status, COUNT(*) FROM commands WHERE actionid = ? GROUP BY status")) {
            ps.setLong(1, actionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new PersistenceException("counting commands of action " + actionId + " failed", e);
        }
    }

    private List<CommandRow> query(String where, List<Object> params, int limit, int offset) {
        String sql = "SELECT id, actionid, agentid, agentname, queueloc, status, "
                + Sql.jsonText(db.dialect(), "results") + " AS results, starttime, finishtime FROM commands WHERE "
                + where + " ORDER BY id LIMIT " + limit + " OFFSET " + offset;
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, params);
            List<CommandRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String r = rs.getString("results");
                    out.add(new CommandRow(rs.getLong("id"), rs.getLong("actionid"), rs.getLong("agentid"),
                            rs.getString("agentname"), rs.getString("queueloc"), rs.getString("status"),
                            r == null ? List.of() : MigJson.mapper().readValue(r, RESULTS),
                            Sql.time(rs, "starttime"), Sql.time(rs, "finishtime")));
                }
            }
            return out;
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new PersistenceException("reading commands failed", e);
        }
    }
}
