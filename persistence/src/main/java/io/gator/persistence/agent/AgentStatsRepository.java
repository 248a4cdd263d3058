package io.gator.persistence.agent;

import com.fasterxml.jackson.core.type.TypeReference;
import io.gator.core.json.MigJson;
import io.gator.persistence.Database;
import io.gator.persistence.PersistenceException;
import io.gator.persistence.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * MIG's agent statistics ({@code computeAgentsStats}) over Gator's agents table, and their history in
 * {@code agents_stats}. An <em>endpoint</em> is a host, identified by the {@code name} its agents report:
 * MIG keyed endpoints by queueloc because all agents of a host shared one id file and so one queue, with one
 * row per agent process; in Gator a queueloc is one agent's row, so agents sharing a host share a name.
 */
public final class AgentStatsRepository {
    private static final String LIVE = "status IN ('online', 'idle')";
    private static final String ONLINE_NAMES = "SELECT name FROM agents WHERE status = 'online'";
    private static final String LIVE_NAMES = "SELECT name FROM agents WHERE " + LIVE;

    private final Database db;

    public AgentStatsRepository(Database db) {
        this.db = db;
    }

    /**
     * Time windows of the counters. {@code newWithin}: an endpoint first seen this recently is new (MIG: 24h);
     * {@code disappearedWithin}: an endpoint with no online or idle agent but a heartbeat this recent has
     * disappeared (MIG: 7 days); {@code flappingWithin}: an agent process started this recently on a queue
     * known before makes its endpoint flapping (MIG: 20m, the time its old row stayed online or idle);
     * {@code restartMargin}: how much later than the row's first sighting a process must have started to
     * count as a restart (absorbs the agent's clock skew, its start time comes from the agent).
     */
    public record Windows(Duration newWithin, Duration disappearedWithin, Duration flappingWithin,
                          Duration restartMargin) {}

    /** One statistics pass, MIG's {@code agents_stats} row; by-version maps are sorted by version. */
    public record AgentStats(OffsetDateTime computedAt, int onlineAgents, Map<String, Integer> onlineAgentsByVersion,
                             int onlineEndpoints, int idleAgents, Map<String, Integer> idleAgentsByVersion,
                             int idleEndpoints, int newEndpoints, int multiAgentsEndpoints, int disappearedEndpoints,
                             int flappingEndpoints) {
        public AgentStats {
            onlineAgentsByVersion = Map.copyOf(new TreeMap<>(onlineAgentsByVersion));
            idleAgentsByVersion = Map.copyOf(new TreeMap<>(idleAgentsByVersion));
        }

        /** Versions in order with their counts (Map.copyOf does not keep order). */
        public static List<Map.Entry<String, Integer>> sorted(Map<String, Integer> byVersion) {
            return new ArrayList<>(new TreeMap<>(byVersion).entrySet());
        }
    }

    /** Computes every counter at {@code now}, in one read-only transaction. */
    public AgentStats compute(OffsetDateTime now, Windows w) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            Map<String, Integer> online = byVersion(c, "SELECT version, COUNT(*) FROM agents WHERE status = 'online'"
                    + " GROUP BY version");
            // MIG: idle agents and endpoints only where the endpoint has no online agent
            Map<String, Integer> idle = byVersion(c, "SELECT version, COUNT(*) FROM agents WHERE status = 'idle'"
                    + " AND name NOT IN (" + ONLINE_NAMES + ") GROUP BY version");
            int onlineEndpoints = count(c, "SELECT COUNT(DISTINCT name) FROM agents WHERE status = 'online'");
            int idleEndpoints = count(c, "SELECT COUNT(DISTINCT name) FROM agents WHERE status = 'idle'"
                    + " AND name NOT IN (" + ONLINE_NAMES + ")");
            int fresh = count(c, "SELECT COUNT(*) FROM (SELECT name FROM agents GROUP BY name"
                    + " HAVING MIN(firstseen) > ?) n", now.minus(w.newWithin()));
            int multi = count(c, "SELECT COUNT(*) FROM (" + ONLINE_NAMES + " GROUP BY name HAVING COUNT(*) > 1) m");
            int gone = count(c, "SELECT COUNT(DISTINCT name) FROM agents WHERE heartbeattime > ?"
                    + " AND name NOT IN (" + LIVE_NAMES + ")", now.minus(w.disappearedWithin()));
            // MIG: queues with more than one live row, i.e. an agent came back (new PID) while its old row
            // was still online or idle. Here: hosts with several live agents, or a live agent whose process
            // started recently on a queue first seen well before (a restart).
            long margin = Math.max(0, w.restartMargin().toSeconds());
            int flapping = count(c, "SELECT COUNT(*) FROM (" + LIVE_NAMES + " GROUP BY name HAVING COUNT(*) > 1"
                    + " UNION SELECT name FROM agents WHERE " + LIVE + " AND starttime > ?"
                    + " AND firstseen < starttime - INTERVAL '" + margin + "' SECOND) f",
                    now.minus(w.flappingWithin()));
            c.commit();
            return new AgentStats(now, sum(online), online, onlineEndpoints, sum(idle), idle, idleEndpoints, fresh,
                    multi, gone, flapping);
        } catch (SQLException e) {
            throw new PersistenceException("computing agent statistics failed", e);
        }
    }

    /** Appends one pass to {@code agents_stats}. */
    public void store(AgentStats s) {
        String j = Sql.jsonParam(db.dialect());
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO agents_stats (computedat, onlineagents, onlineagentsbyversion, onlineendpoints,"
                        + " idleagents, idleagentsbyversion, idleendpoints, newendpoints, multiagentsendpoints,"
                        + " disappearedendpoints, flappingendpoints) VALUES (?, ?, " + j + ", ?, ?, " + j
                        + ", ?, ?, ?, ?, ?)")) {
            ps.setObject(1, s.computedAt());
            ps.setInt(2, s.onlineAgents());
            ps.setString(3, MigJson.write(new TreeMap<>(s.onlineAgentsByVersion())));
            ps.setInt(4, s.onlineEndpoints());
            ps.setInt(5, s.idleAgents());
            ps.setString(6, MigJson.write(new TreeMap<>(s.idleAgentsByVersion())));
            ps.setInt(7, s.idleEndpoints());
            ps.setInt(8, s.newEndpoints());
            ps.setInt(9, s.multiAgentsEndpoints());
            ps.setInt(10, s.disappearedEndpoints());
            ps.setInt(11, s.flappingEndpoints());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("storing agent statistics failed", e);
        }
    }

    /** The most recent pass, if any was stored. */
    public Optional<AgentStats> latest() {
        String sql = "SELECT computedat, onlineagents, " + Sql.jsonText(db.dialect(), "onlineagentsbyversion")
                + " AS onv, onlineendpoints, idleagents, " + Sql.jsonText(db.dialect(), "idleagentsbyversion")
                + " AS idv, idleendpoints, newendpoints, multiagentsendpoints, disappearedendpoints, flappingendpoints"
                + " FROM agents_stats ORDER BY computedat DESC, id DESC LIMIT 1";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new AgentStats(Sql.time(rs, "computedat"), rs.getInt("onlineagents"),
                    versions(rs.getString("onv")), rs.getInt("onlineendpoints"), rs.getInt("idleagents"),
                    versions(rs.getString("idv")), rs.getInt("idleendpoints"), rs.getInt("newendpoints"),
                    rs.getInt("multiagentsendpoints"), rs.getInt("disappearedendpoints"),
                    rs.getInt("flappingendpoints")));
        } catch (SQLException e) {
            throw new PersistenceException("reading agent statistics failed", e);
        }
    }

    /** Deletes passes computed before {@code before}; returns how many. */
    public int prune(OffsetDateTime before) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM agents_stats WHERE computedat < ?")) {
            ps.setObject(1, before);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("pruning agent statistics failed", e);
        }
    }

    private static Map<String, Integer> versions(String json) {
        return json == null ? Map.of() : MigJson.mapper().convertValue(MigJson.tree(json),
                new TypeReference<Map<String, Integer>>() {});
    }

    private static Map<String, Integer> byVersion(Connection c, String sql) throws SQLException {
        Map<String, Integer> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }

    private static int count(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, List.of(params));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static int sum(Map<String, Integer> m) {
        return m.values().stream().mapToInt(Integer::intValue).sum();
    }
}
