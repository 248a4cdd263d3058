package io.gator.persistence.agent;

import io.gator.core.agent.Agent;
import io.gator.persistence.Database;
import io.gator.persistence.PersistenceException;
import io.gator.persistence.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Duplicate agents and the kill orders issued for them. {@code agent_kills} holds one row per agent process
 * (queueloc, pid) the scheduler told to stop: the row is claimed before the action exists, so several scheduler
 * nodes running the same pass issue one action, and an agent is never told twice.
 */
public final class AgentKillRepository {
    private static final String UNIQUE_VIOLATION = "23505";
    /** Online daemons whose latest heartbeat came over the broker: an unauthenticated one never counts. */
    private static final String LIVE_DAEMON = "status = 'online' AND mode <> 'checkin' AND relayed = TRUE";

    private final Database db;
    private final AgentRepository agents;

    public AgentKillRepository(Database db, AgentRepository agents) {
        this.db = db;
        this.agents = agents;
    }

    /** A kill order: the agent process it stops, the signed action (MIG JSON) and whether it was created. */
    public record Kill(String queueLoc, long pid, String agentName, long actionId, String actionJson, boolean created,
                       OffsetDateTime issuedAt) {}

    /**
     * Online agents (checkin mode excluded, as MIG does; only rows whose latest heartbeat came over the broker,
     * never one posted over HTTP without credentials) of every endpoint running two or more of them,
     * grouped by endpoint name, oldest process first (start time, then first sighting, then id).
     */
    public List<Agent> onlineOnSharedEndpoints() {
        List<Agent> out = new ArrayList<>(agents.select(LIVE_DAEMON + " AND name IN (SELECT name FROM agents WHERE "
                + LIVE_DAEMON + " GROUP BY name HAVING COUNT(*) > 1)", List.of()));
        out.sort(Comparator.comparing(Agent::name)
                .thenComparing(a -> a.startTime() == null ? OffsetDateTime.MIN : a.startTime())
                .thenComparingLong(Agent::id));
        return out;
    }

    /** True when a kill order was already claimed for this agent process. */
    public boolean isClaimed(String queueLoc, long pid) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM agent_kills WHERE queueloc = ? AND pid = ?")) {
            ps.setString(1, queueLoc);
            ps.setLong(2, pid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new PersistenceException("reading kill orders failed", e);
        }
    }

    /** Claims the kill of {@code k}'s agent process; false when it was claimed before (by any node). */
    public boolean claim(Kill k) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO agent_kills (queueloc, pid, agentname, actionid, action, created, issuedat)"
                        + " VALUES (?, ?, ?, ?, ?, FALSE, ?)")) {
            ps.setString(1, k.queueLoc());
            ps.setLong(2, k.pid());
            ps.setString(3, k.agentName());
            ps.setLong(4, k.actionId());
            ps.setString(5, k.actionJson());
            ps.setObject(6, k.issuedAt());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw new PersistenceException("claiming the kill of " + k.queueLoc() + " pid " + k.pid() + " failed", e);
        }
    }

    /** Claimed kills whose action was not confirmed created yet (a node may have died in between). */
    public List<Kill> notCreated() {
        return query("created = FALSE");
    }

    public List<Kill> all() {
        return query("1 = 1");
    }

    public void markCreated(long actionId) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE agent_kills SET created = TRUE WHERE actionid = ?")) {
            ps.setLong(1, actionId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("marking kill action " + actionId + " created failed", e);
        }
    }

    private List<Kill> query(String where) {
        // the action is kept as text, byte for byte: a re-sent Create must equal the first one
        String sql = "SELECT queueloc, pid, agentname, actionid, action, created, issuedat FROM agent_kills WHERE " + where + " ORDER BY issuedat, actionid";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            List<Kill> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Kill(rs.getString("queueloc"), rs.getLong("pid"), rs.getString("agentname"),
                        rs.getLong("actionid"), rs.getString("action"), rs.getBoolean("created"),
                        Sql.time(rs, "issuedat")));
            }
            return out;
        } catch (SQLException e) {
            throw new PersistenceException("reading kill orders failed", e);
        }
    }
}
