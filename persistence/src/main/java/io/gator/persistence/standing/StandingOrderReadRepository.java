package io.gator.persistence.standing;

import io.gator.persistence.Database;
import io.gator.persistence.PersistenceException;
import io.gator.persistence.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code standing_orders} and {@code standing_order_runs} tables the projection maintains: newest first
 * (order IDs grow with time). Orders whose events were written before they were tagged are not in the tables.
 */
public final class StandingOrderReadRepository {
    private static final String ORDER_COLUMNS = "id, name, status, postedbyid, postedby, createdat";
    private static final String RUN_COLUMNS = "orderid, runindex, actionid, validfrom, expireafter, status";
    private final Database db;

    public StandingOrderReadRepository(Database db) {
        this.db = db;
    }

    public Optional<StandingOrderRow> find(long id) {
        List<StandingOrderRow> l = read("SELECT " + ORDER_COLUMNS + " FROM standing_orders WHERE id = ?",
                List.of(id));
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** The {@code limit} newest orders with their runs. */
    public List<StandingOrderRow> newest(int limit) {
        return read("SELECT " + ORDER_COLUMNS + " FROM standing_orders ORDER BY id DESC LIMIT " + Math.max(0, limit),
                List.of());
    }

    private List<StandingOrderRow> read(String ordersSql, List<Object> params) {
        try (Connection c = db.connection()) {
            Map<Long, ResultRow> orders = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(ordersSql)) {
                Sql.bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        orders.put(rs.getLong("id"), new ResultRow(rs.getLong("id"), rs.getString("name"),
                                rs.getString("status"), rs.getLong("postedbyid"), rs.getString("postedby"),
                                Sql.time(rs, "createdat"), new ArrayList<>()));
                    }
                }
            }
            if (orders.isEmpty()) {
                return List.of();
            }
            // newest-first IDs are contiguous among orders: one range query fetches exactly their runs
            long min = orders.keySet().stream().mapToLong(Long::longValue).min().orElseThrow();
            long max = orders.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM standing_order_runs"
                    + " WHERE orderid BETWEEN ? AND ? ORDER BY orderid, runindex")) {
                ps.setLong(1, min);
                ps.setLong(2, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ResultRow o = orders.get(rs.getLong("orderid"));
                        if (o != null) {
                            o.runs().add(new StandingOrderRow.Run(rs.getInt("runindex"), rs.getLong("actionid"),
                                    Sql.time(rs, "validfrom"), Sql.time(rs, "expireafter"), rs.getString("status")));
                        }
                    }
                }
            }
            return orders.values().stream().map(ResultRow::row).toList();
        } catch (SQLException e) {
            throw new PersistenceException("reading standing orders failed", e);
        }
    }

    private record ResultRow(long id, String name, String status, long postedById, String postedBy,
                             java.time.OffsetDateTime createdAt, List<StandingOrderRow.Run> runs) {
        StandingOrderRow row() {
            return new StandingOrderRow(id, name, status, postedById, postedBy, createdAt, runs);
        }
    }
}
