package io.gator.persistence.agent;

import com.fasterxml.jackson.core.type.TypeReference;
import io.gator.core.agent.Agent;
import io.gator.core.agent.AgentEnv;
import io.gator.core.json.MigJson;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.PersistenceException;
import io.gator.persistence.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent directory: one row per agent queue. Heartbeats are upserted in JDBC batches (one round
 * trip per batch), statuses move by heartbeat age, targets select rows through compiled, parameterized
 * SQL ({@link #select(String, List)}), never through strings built from input. Text PostgreSQL cannot hold
 * (U+0000) is stored escaped ({@link Sql#text}), so no heartbeat can fail the batch it travels in that way.
 */
public final class AgentRepository {
    public static final String ONLINE = "online";
    public static final String IDLE = "idle";
    public static final String OFFLINE = "offline";

    private static final String COLUMNS = "id, name, queueloc, mode, version, pid, loadername, status, starttime, "
            + "heartbeattime, refreshtime, destructiontime, %s AS environment, %s AS tags";

    private final Database db;
    private final int batchSize;

    public AgentRepository(Database db, int batchSize) {
        this.db = db;
        this.batchSize = batchSize;
    }

    /**
     * Upserts heartbeats by queueloc, keeping {@code firstseen} of known agents and setting status online.
     * {@code starttime} is kept while the PID stays the same (agents report "now" there, MIG's scheduler set it
     * once per agent process), so it dates the running process: duplicate and restart detection read it.
     * Later duplicates of one queueloc in the list win. Returns the number of rows written. These heartbeats
     * came from an unauthenticated party (the HTTP endpoint): their rows never count as duplicate agents.
     */
    public int upsertHeartbeats(List<Agent> heartbeats, OffsetDateTime now) {
        return upsert(heartbeats, now, false);
    }

    /**
     * As {@link #upsertHeartbeats}, for heartbeats that came over the broker (an agent's AMQP credentials):
     * only their rows may be told to stop as duplicates ({@code relayed}, set by each row's latest heartbeat).
     */
    public int upsertRelayedHeartbeats(List<Agent> heartbeats, OffsetDateTime now) {
        return upsert(heartbeats, now, true);
    }

    private int upsert(List<Agent> heartbeats, OffsetDateTime now, boolean relayed) {
        if (heartbeats.isEmpty()) {
            return 0;
        }
        // sorted by queueloc: concurrent batches lock rows in the same order and cannot deadlock
        Map<String, Agent> byQueue = new java.util.TreeMap<>();
        for (Agent a : heartbeats) {
            if (a.queueLoc().isBlank()) {
                throw new IllegalArgumentException("heartbeat without queueloc from agent '" + a.name() + "'");
            }
            if (a.pid() < 0 || a.pid() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("heartbeat of " + a.queueLoc() + ": pid " + a.pid() + " out of range");
            }
            byQueue.put(a.queueLoc(), a);
        }
        Dialect d = db.dialect();
        if (d == Dialect.POSTGRES) {
            return upsertPostgres(byQueue, now, relayed);
        }
        String sql = "MERGE INTO agents t USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR),"
                + " CAST(? AS VARCHAR), CAST(? AS INTEGER), CAST(? AS VARCHAR), CAST(? AS TIMESTAMP WITH TIME ZONE),"
                + " CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE),"
                + " CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS CLOB), CAST(? AS CLOB),"
                + " CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS BOOLEAN)))"
                + " s(name, queueloc, mode, version, pid, loadername, starttime, heartbeattime, refreshtime,"
                + " destructiontime, environment, tags, firstseen, lastseen, relayed) ON t.queueloc = s.queueloc"
                + " WHEN MATCHED THEN UPDATE SET name = s.name, mode = s.mode, version = s.version, pid = s.pid,"
                + " loadername = s.loadername, status = 'online',"
                + " starttime = CASE WHEN t.pid = s.pid AND t.starttime IS NOT NULL THEN t.starttime ELSE s.starttime END,"
                + " heartbeattime = s.heartbeattime, refreshtime = s.refreshtime, destructiontime = s.destructiontime,"
                + " environment = s.environment, tags = s.tags, lastseen = s.lastseen, relayed = s.relayed"
                + " WHEN NOT MATCHED THEN INSERT (name, queueloc, mode, version, pid, loadername, status, starttime,"
                + " heartbeattime, refreshtime, destructiontime, environment, tags, firstseen, lastseen, relayed)"
                + " VALUES (s.name, s.queueloc, s.mode, s.version, s.pid, s.loadername, 'online', s.starttime,"
                + " s.heartbeattime, s.refreshtime, s.destructiontime, s.environment, s.tags, s.firstseen, s.lastseen,"
                + " s.relayed)";
        int written = 0;
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            c.setAutoCommit(false);
            int inBatch = 0;
            for (Agent a : byQueue.values()) {
                int i = 1;
                ps.setString(i++, Sql.text(a.name()));
                ps.setString(i++, Sql.text(a.queueLoc()));
                ps.setString(i++, Sql.text(a.mode()));
                ps.setString(i++, Sql.text(a.version()));
                ps.setInt(i++, (int) a.pid());
                ps.setString(i++, Sql.text(a.loaderName()));
                ps.setObject(i++, a.startTime());
                ps.setObject(i++, a.heartbeatTs().getYear() <= 1 ? now : a.heartbeatTs());
                ps.setObject(i++, a.refreshTs());
                ps.setObject(i++, a.destructionTime());
                ps.setString(i++, Sql.json(MigJson.write(a.environment())));
                ps.setString(i++, Sql.json(MigJson.write(a.tags())));
                ps.setObject(i++, now);
                ps.setObject(i++, now);
                ps.setBoolean(i++, relayed);
                ps.addBatch();
                if (++inBatch == batchSize) {
                    written += sum(ps.executeBatch());
                    inBatch = 0;
                }
            }
            if (inBatch > 0) {
                written += sum(ps.executeBatch());
            }
            c.commit();
        } catch (SQLException e) {
            throw new PersistenceException("upserting " + byQueue.size() + " heartbeats failed", e);
        }
        return byQueue.size();
    }

    /** Timestamps travel to PostgreSQL as text in arrays; this form keeps microseconds and the offset. */
    private static final java.time.format.DateTimeFormatter PG_TS =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx");

    /**
     * PostgreSQL: the whole batch in one statement, each column an array ({@code unnest}), so a batch costs one
     * round trip and one plan instead of one row's worth of protocol per agent (measured 3-5x faster than a JDBC
     * batch of single-row upserts). Rows go in queueloc order, as with the batch.
     */
    private int upsertPostgres(Map<String, Agent> byQueue, OffsetDateTime now, boolean relayed) {
        String sql = "INSERT INTO agents (name, queueloc, mode, version, pid, loadername, status, starttime,"
                + " heartbeattime, refreshtime, destructiontime, environment, tags, firstseen, lastseen, relayed)"
                + " SELECT n, q, m, v, p, l, 'online', st, hb, rt, dt, CAST(env AS jsonb), CAST(tg AS jsonb), ?, ?, ?"
                + " FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),"
                + " CAST(? AS int[]), CAST(? AS text[]), CAST(? AS timestamptz[]), CAST(? AS timestamptz[]),"
                + " CAST(? AS timestamptz[]), CAST(? AS timestamptz[]), CAST(? AS text[]), CAST(? AS text[]))"
                + " WITH ORDINALITY AS t(n, q, m, v, p, l, st, hb, rt, dt, env, tg, ord) ORDER BY ord"
                + " ON CONFLICT (queueloc) DO UPDATE SET name = EXCLUDED.name, mode = EXCLUDED.mode,"
                + " version = EXCLUDED.version, pid = EXCLUDED.pid, loadername = EXCLUDED.loadername, status = 'online',"
                // the start time survives while the PID does (see upsertHeartbeats): duplicate detection needs it
                + " starttime = CASE WHEN agents.pid = EXCLUDED.pid AND agents.starttime IS NOT NULL"
                + " THEN agents.starttime ELSE EXCLUDED.starttime END, heartbeattime = EXCLUDED.heartbeattime,"
                + " refreshtime = EXCLUDED.refreshtime, destructiontime = EXCLUDED.destructiontime,"
                + " environment = EXCLUDED.environment, tags = EXCLUDED.tags, lastseen = EXCLUDED.lastseen,"
                + " relayed = EXCLUDED.relayed";
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            List<Agent> all = new ArrayList<>(byQueue.values());
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int from = 0; from < all.size(); from += batchSize) {
                    List<Agent> part = all.subList(from, Math.min(all.size(), from + batchSize));
                    int k = part.size();
                    String[] name = new String[k], queue = new String[k], mode = new String[k], version = new String[k],
                            loader = new String[k], start = new String[k], beat = new String[k], refresh = new String[k],
                            destruction = new String[k], env = new String[k], tags = new String[k];
                    Integer[] pid = new Integer[k];
                    for (int i = 0; i < k; i++) {
                        Agent a = part.get(i);
                        name[i] = Sql.text(a.name());
                        queue[i] = Sql.text(a.queueLoc());
                        mode[i] = Sql.text(a.mode());
                        version[i] = Sql.text(a.version());
                        pid[i] = (int) a.pid();
                        loader[i] = Sql.text(a.loaderName());
                        start[i] = ts(a.startTime());
                        beat[i] = ts(a.heartbeatTs().getYear() <= 1 ? now : a.heartbeatTs());
                        refresh[i] = ts(a.refreshTs());
                        destruction[i] = ts(a.destructionTime());
                        env[i] = Sql.json(MigJson.write(a.environment()));
                        tags[i] = Sql.json(MigJson.write(a.tags()));
                    }
                    int i = 1;
                    ps.setObject(i++, now);
                    ps.setObject(i++, now);
                    ps.setBoolean(i++, relayed);
                    for (Object[] col : new Object[][] {name, queue, mode, version}) {
                        ps.setArray(i++, c.createArrayOf("text", col));
                    }
                    ps.setArray(i++, c.createArrayOf("int4", pid));
                    ps.setArray(i++, c.createArrayOf("text", loader));
                    for (Object[] col : new Object[][] {start, beat, refresh, destruction, env, tags}) {
                        ps.setArray(i++, c.createArrayOf("text", col));
                    }
                    ps.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new PersistenceException("upserting " + byQueue.size() + " heartbeats failed", e);
        }
        return byQueue.size();
    }

    static String ts(OffsetDateTime t) {
        if (t == null) {
            return null;
        }
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return PG_TS.format(t);
        }
        // by hand: four per heartbeat, and java.time's formatter was a tenth of the intake's CPU
        StringBuilder sb = new StringBuilder(32);
        io.gator.core.json.MigTime.appendDateTime(sb, t.toLocalDateTime(), ' ');
        int micros = t.getNano() / 1000;
        sb.append('.');
        for (int div = 100_000; div > 0; div /= 10) {
            sb.append((char) ('0' + (micros / div) % 10));
        }
        int off = t.getOffset().getTotalSeconds();
        sb.append(off < 0 ? '-' : '+');
        off = Math.abs(off);
        int h = off / 3600;
        int m = (off / 60) % 60;
        sb.append((char) ('0' + h / 10)).append((char) ('0' + h % 10)).append(':')
                .append((char) ('0' + m / 10)).append((char) ('0' + m % 10));
        if (off % 60 != 0) {
            return PG_TS.format(t); // a seconds offset: java.time writes it
        }
        return sb.toString();
    }

    /** Counts after a status pass. */
    public record StatusCounts(int online, int idle, int offline) {}

    /**
     * Moves statuses by heartbeat age: online when the last heartbeat is younger than {@code onlineWithin},
     * idle until {@code offlineAfter}, offline beyond. Returns how many rows each step changed.
     */
    public StatusCounts updateStatuses(OffsetDateTime now, Duration onlineWithin, Duration offlineAfter) {
        OffsetDateTime idleSince = now.minus(onlineWithin);
        OffsetDateTime offlineSince = now.minus(offlineAfter);
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            int offline = update(c, "UPDATE agents SET status = 'offline' WHERE status <> 'offline' AND heartbeattime < ?",
                    offlineSince, null);
            int idle = update(c, "UPDATE agents SET status = 'idle' WHERE status = 'online' AND heartbeattime < ?"
                    + " AND heartbeattime >= ?", idleSince, offlineSince);
            int online = update(c, "UPDATE agents SET status = 'online' WHERE status <> 'online' AND heartbeattime >= ?",
                    idleSince, null);
            c.commit();
            return new StatusCounts(online, idle, offline);
        } catch (SQLException e) {
            throw new PersistenceException("updating agent statuses failed", e);
        }
    }

    private static int update(Connection c, String sql, OffsetDateTime p1, OffsetDateTime p2) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, p1);
            if (p2 != null) {
                ps.setObject(2, p2);
            }
            return ps.executeUpdate();
        }
    }

    /** Number of agents per status. */
    public Map<String, Integer> countByStatus() {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (Connection c = db.connection(); PreparedStatement ps =
                c.prepareStatement("SELECT status, COUNT(*) FROM agents GROUP BY status ORDER BY status");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
            return out;
        } catch (SQLException e) {
            throw new PersistenceException("counting agents failed", e);
        }
    }

    /** MIG's dashboard counters (flapping needs status history and is not counted here). */
    public record Dashboard(int onlineAgents, int onlineEndpoints, int idleAgents, int idleEndpoints,
                            Map<String, Integer> onlineByVersion, int newSince, int disappearedSince,
                            int endpointsWithSeveralAgents) {}

    /**
     * The dashboard counters: agents and distinct endpoints (by name) online and idle, online agents per
     * version, agents first seen after {@code since}, agents gone offline after being seen after
     * {@code since}, and endpoints running two or more online agents.
     */
    public Dashboard dashboard(OffsetDateTime since) {
        try (Connection c = db.connection()) {
            int onlineAgents = count(c, "SELECT COUNT(*) FROM agents WHERE status = 'online'", null);
            int onlineEndpoints = count(c, "SELECT COUNT(DISTINCT name) FROM agents WHERE status = 'online'", null);
            int idleAgents = count(c, "SELECT COUNT(*) FROM agents WHERE status = 'idle'", null);
            int idleEndpoints = count(c, "SELECT COUNT(DISTINCT name) FROM agents WHERE status = 'idle'", null);
            int fresh = count(c, "SELECT COUNT(*) FROM agents WHERE firstseen >= ?", since);
            int gone = count(c, "SELECT COUNT(*) FROM agents WHERE status = 'offline' AND lastseen >= ?", since);
            int multi = count(c, "SELECT COUNT(*) FROM (SELECT name FROM agents WHERE status = 'online'"
                    + " GROUP BY name HAVING COUNT(*) > 1) m", null);
            Map<String, Integer> byVersion = new java.util.TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT version, COUNT(*) FROM agents WHERE status = 'online' GROUP BY version");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byVersion.put(rs.getString(1), rs.getInt(2));
                }
            }
            return new Dashboard(onlineAgents, onlineEndpoints, idleAgents, idleEndpoints, byVersion, fresh, gone,
                    multi);
        } catch (SQLException e) {
            throw new PersistenceException("computing agent dashboard counters failed", e);
        }
    }

    private static int count(Connection c, String sql, OffsetDateTime p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (p != null) {
                ps.setObject(1, p);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * Agents matching a compiled target: {@code whereSql} is the WHERE clause the target compiler made
     * over the agents table, with {@code ?} placeholders bound from {@code params} in order.
     */
    public List<Agent> select(String whereSql, List<Object> params) {
        String sql = "SELECT " + columns() + " FROM agents WHERE " + whereSql + " ORDER BY id";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, params);
            List<Agent> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new PersistenceException("selecting agents for target '" + whereSql + "' failed", e);
        }
    }

    public Optional<Agent> findByQueueLoc(String queueLoc) {
        List<Agent> l = select("queueloc = ?", List.of(queueLoc));
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    private String columns() {
        Dialect d = db.dialect();
        return COLUMNS.formatted(Sql.jsonText(d, "environment"), Sql.jsonText(d, "tags"));
    }

    private static Agent row(ResultSet rs) throws SQLException {
        String env = rs.getString("environment");
        String tags = rs.getString("tags");
        return new Agent(rs.getLong("id"), rs.getString("name"), rs.getString("queueloc"), rs.getString("mode"),
                rs.getString("version"), rs.getInt("pid"), rs.getString("loadername"), Sql.time(rs, "starttime"),
                Sql.time(rs, "destructiontime"), Sql.time(rs, "heartbeattime"), Sql.time(rs, "refreshtime"),
                rs.getString("status"), false,
                env == null ? AgentEnv.EMPTY : MigJson.read(env, AgentEnv.class),
                tags == null ? Map.of() : MigJson.mapper().convertValue(MigJson.tree(tags),
                        new TypeReference<Map<String, String>>() {}));
    }

    private static int sum(int[] counts) {
        int s = 0;
        for (int n : counts) {
            s += n >= 0 ? n : 1; // SUCCESS_NO_INFO (-2) with reWriteBatchedInserts
        }
        return s;
    }
}
