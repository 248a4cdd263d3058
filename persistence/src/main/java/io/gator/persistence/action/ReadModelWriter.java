package io.gator.persistence.action;

import io.gator.core.action.ActionStatus;
import io.gator.core.action.Counters;
import io.gator.core.command.CommandStatus;
import io.gator.persistence.Dialect;
import io.gator.persistence.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@code actions} and {@code commands} read tables on a connection it is given: the
 * projection's own transaction, so rows and offset commit together (exactly once). Only the
 * projection calls it; the entity never writes read tables. Text that PostgreSQL cannot hold (U+0000) is
 * written escaped ({@link Sql#text}, {@link Sql#json}), and copies wider than their column are cut: one event
 * must never stop the projection.
 */
public final class ReadModelWriter {
    /** Widths of actions.name and actions.target (SchemaInit). */
    static final int NAME_WIDTH = 2048;
    static final int TARGET_WIDTH = 8192;
    private final Dialect dialect;

    public ReadModelWriter(Dialect dialect) {
        this.dialect = dialect;
    }

    /** Inserts an action row, or does nothing when it exists (a replay must not reset its status). */
    public void insertAction(Connection c, long id, String name, String target, String status, String actionJson,
                             OffsetDateTime validFrom, OffsetDateTime expireAfter, OffsetDateTime at) throws SQLException {
        String sql = dialect == Dialect.POSTGRES
                ? "INSERT INTO actions (id, name, target, status, action, validfrom, expireafter, lastupdatetime)"
                + " VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?) ON CONFLICT (id) DO NOTHING"
                : "INSERT INTO actions (id, name, target, status, action, validfrom, expireafter, lastupdatetime)"
                + " SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM actions WHERE id = ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            // the columns are for search and listing; the action itself is kept whole in its JSON column
            ps.setString(2, Sql.fit(Sql.text(name), NAME_WIDTH));
            ps.setString(3, Sql.fit(Sql.text(target), TARGET_WIDTH));
            ps.setString(4, status);
            ps.setString(5, Sql.json(actionJson));
            ps.setObject(6, validFrom);
            ps.setObject(7, expireAfter);
            ps.setObject(8, at);
            if (dialect != Dialect.POSTGRES) {
                ps.setLong(9, id);
            }
            ps.executeUpdate();
        }
    }

    /** Sets status, counters and times of an action (null times are left as they are). */
    public void updateAction(Connection c, long id, String status, Counters k, OffsetDateTime start,
                             OffsetDateTime finish, OffsetDateTime at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE actions SET status = ?, sent = ?, done = ?, inflight = ?,"
                + " success = ?, failed = ?, timeout = ?, expired = ?, cancelled = ?,"
                + " starttime = COALESCE(?, starttime), finishtime = COALESCE(?, finishtime), lastupdatetime = ?"
                + " WHERE id = ?")) {
            int i = 1;
            ps.setString(i++, status);
            ps.setInt(i++, k.sent());
            ps.setInt(i++, k.done());
            ps.setInt(i++, k.inflight());
            ps.setInt(i++, k.success());
            ps.setInt(i++, k.failed());
            ps.setInt(i++, k.timeout());
            ps.setInt(i++, k.expired());
            ps.setInt(i++, k.cancelled());
            ps.setObject(i++, start, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setObject(i++, finish, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setObject(i++, at);
            ps.setLong(i, id);
            ps.executeUpdate();
        }
    }

    /** A command row to insert. */
    public record NewCommand(long id, long actionId, long agentId, String agentName, String queueLoc) {}

    /** Inserts command rows with status pending in one batch; existing ids are left alone. */
    public void insertCommands(Connection c, List<NewCommand> commands) throws SQLException {
        String sql = dialect == Dialect.POSTGRES
                ? "INSERT INTO commands (id, actionid, agentid, agentname, queueloc, status) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO NOTHING"
                : "INSERT INTO commands (id, actionid, agentid, agentname, queueloc, status)"
                + " SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM commands WHERE id = ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (NewCommand n : commands) {
                ps.setLong(1, n.id());
                ps.setLong(2, n.actionId());
                ps.setLong(3, n.agentId());
                ps.setString(4, Sql.text(n.agentName()));
                ps.setString(5, Sql.text(n.queueLoc()));
                ps.setString(6, CommandStatus.PENDING);
                if (dialect != Dialect.POSTGRES) {
                    ps.setLong(7, n.id());
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Marks commands sent, in one batch. */
    public void markSent(Connection c, List<Long> ids, OffsetDateTime at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE commands SET status = ?, starttime = ? WHERE id = ? AND status = ?")) {
            for (long id : ids) {
                ps.setString(1, CommandStatus.SENT);
                ps.setObject(2, at);
                ps.setLong(3, id);
                ps.setString(4, CommandStatus.PENDING);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** A finished command: final status and results JSON. */
    public record Finished(long id, String status, String resultsJson) {}

    /** Writes final statuses and results, in one batch. */
    public void markFinished(Connection c, List<Finished> done, OffsetDateTime at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE commands SET status = ?, results = "
                + Sql.jsonParam(dialect) + ", finishtime = ?, starttime = COALESCE(starttime, ?) WHERE id = ?")) {
            for (Finished f : done) {
                ps.setString(1, f.status());
                ps.setString(2, Sql.json(f.resultsJson()));
                ps.setObject(3, at);
                ps.setObject(4, at);
                ps.setLong(5, f.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Sets one final status on every unfinished command of an action (expiry, cancel). */
    public void finishRemaining(Connection c, long actionId, String status, OffsetDateTime at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE commands SET status = ?, finishtime = ?"
                + " WHERE actionid = ? AND status IN (" + marks(CommandStatus.UNFINISHED.size()) + ")")) {
            int i = 1;
            ps.setString(i++, status);
            ps.setObject(i++, at);
            ps.setLong(i++, actionId);
            for (String unfinished : CommandStatus.UNFINISHED) {
                ps.setString(i++, unfinished);
            }
            ps.executeUpdate();
        }
    }

    /**
     * Recomputes an action's counters from its command rows and applies the status rule to them, both as the
     * entity does from its events ({@link Counters#ofCommandStatuses}, {@link ActionStatus#afterSending}). The
     * rule runs here, in Java: the statement only stores, for each status the rule moves, the one it becomes.
     */
    public Counters recomputeCounters(Connection c, long actionId, OffsetDateTime at) throws SQLException {
        Map<String, Integer> countByStatus = new HashMap<>();
        int commands = 0;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT status, COUNT(*) FROM commands WHERE actionid = ? GROUP BY status")) {
            ps.setLong(1, actionId);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    countByStatus.merge(rs.getString(1), rs.getInt(2), Integer::sum);
                    commands += rs.getInt(2);
                }
            }
        }
        Counters k = Counters.ofCommandStatuses(countByStatus);
        List<String> moves = new ArrayList<>();
        for (ActionStatus from : ActionStatus.values()) {
            ActionStatus to = from.afterSending(k, commands);
            if (to != from) {
                moves.add(from.wire());
                moves.add(to.wire());
            }
        }
        String status = moves.isEmpty() ? ""
                : ", status = CASE" + " WHEN status = ? THEN ?".repeat(moves.size() / 2) + " ELSE status END";
        try (PreparedStatement ps = c.prepareStatement("UPDATE actions SET sent = ?, done = ?, inflight = ?,"
                + " success = ?, failed = ?, timeout = ?, expired = ?, cancelled = ?, lastupdatetime = ?" + status
                + " WHERE id = ?")) {
            int i = 1;
            ps.setInt(i++, k.sent());
            ps.setInt(i++, k.done());
            ps.setInt(i++, k.inflight());
            ps.setInt(i++, k.success());
            ps.setInt(i++, k.failed());
            ps.setInt(i++, k.timeout());
            ps.setInt(i++, k.expired());
            ps.setInt(i++, k.cancelled());
            ps.setObject(i++, at);
            for (String s : moves) {
                ps.setString(i++, s);
            }
            ps.setLong(i, actionId);
            ps.executeUpdate();
        }
        return k;
    }

    /** Sets an action's status and, when given, its start or finish time. */
    public void setStatus(Connection c, long actionId, String status, OffsetDateTime start, OffsetDateTime finish,
                          OffsetDateTime at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE actions SET status = ?, starttime = COALESCE(?, starttime),"
                + " finishtime = COALESCE(?, finishtime), lastupdatetime = ? WHERE id = ?")) {
            ps.setString(1, status);
            ps.setObject(2, start, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setObject(3, finish, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setObject(4, at);
            ps.setLong(5, actionId);
            ps.executeUpdate();
        }
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
