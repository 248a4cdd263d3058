package io.gator.persistence.standing;

import io.gator.persistence.Dialect;
import io.gator.persistence.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * Writes the {@code standing_orders} and {@code standing_order_runs} read tables on the projection's own
 * connection, so rows and offset commit together. Inserts leave existing rows alone (a replay must not reset a
 * status); text PostgreSQL cannot hold is escaped and cut to its column.
 */
public final class StandingOrderWriter {
    /** Widths of standing_orders.name and postedby (SchemaInit). */
    static final int NAME_WIDTH = 2048;
    static final int POSTER_WIDTH = 1024;
    private final Dialect dialect;

    public StandingOrderWriter(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The order and every run, status waiting, in one batch. */
    public void insertOrder(Connection c, StandingOrderRow o, OffsetDateTime at) throws SQLException {
        String orderSql = dialect == Dialect.POSTGRES
                ? "INSERT INTO standing_orders (id, name, status, postedbyid, postedby, createdat, runs, lastupdatetime)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING"
                : "INSERT INTO standing_orders (id, name, status, postedbyid, postedby, createdat, runs, lastupdatetime)"
                + " SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM standing_orders WHERE id = ?)";
        try (PreparedStatement ps = c.prepareStatement(orderSql)) {
            ps.setLong(1, o.id());
            ps.setString(2, Sql.fit(Sql.text(o.name()), NAME_WIDTH));
            ps.setString(3, o.status());
            ps.setLong(4, o.postedById());
            ps.setString(5, Sql.fit(Sql.text(o.postedBy()), POSTER_WIDTH));
            ps.setObject(6, o.createdAt());
            ps.setInt(7, o.runs().size());
            ps.setObject(8, at);
            if (dialect != Dialect.POSTGRES) {
                ps.setLong(9, o.id());
            }
            ps.executeUpdate();
        }
        String runSql = dialect == Dialect.POSTGRES
                ? "INSERT INTO standing_order_runs (orderid, runindex, actionid, validfrom, expireafter, status)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (orderid, runindex) DO NOTHING"
                : "INSERT INTO standing_order_runs (orderid, runindex, actionid, validfrom, expireafter, status)"
                + " SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS"
                + " (SELECT 1 FROM standing_order_runs WHERE orderid = ? AND runindex = ?)";
        try (PreparedStatement ps = c.prepareStatement(runSql)) {
            for (StandingOrderRow.Run r : o.runs()) {
                ps.setLong(1, o.id());
                ps.setInt(2, r.index());
                ps.setLong(3, r.actionId());
                ps.setObject(4, r.validFrom());
                ps.setObject(5, r.expireAfter());
                ps.setString(6, r.status());
                if (dialect != Dialect.POSTGRES) {
                    ps.setLong(7, o.id());
                    ps.setInt(8, r.index());
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public void setRunStatus(Connection c, long orderId, int index, String status, OffsetDateTime at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE standing_order_runs SET status = ? WHERE orderid = ? AND runindex = ?")) {
            ps.setString(1, status);
            ps.setLong(2, orderId);
            ps.setInt(3, index);
            ps.executeUpdate();
        }
        update(c, orderId, null, at);
    }

    public void setOrderStatus(Connection c, long orderId, String status, OffsetDateTime at) throws SQLException {
        update(c, orderId, status, at);
    }

    /** The order's status ({@code null}: unchanged) and last update time. */
    private static void update(Connection c, long orderId, String status, OffsetDateTime at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE standing_orders SET status = COALESCE(?, status), lastupdatetime = ? WHERE id = ?")) {
            ps.setString(1, status);
            ps.setObject(2, at);
            ps.setLong(3, orderId);
            ps.executeUpdate();
        }
    }
}
