package io.gator.persistence.projection;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.projection.jdbc.JdbcSession;

/**
 * A pekko-projection-jdbc session on one pooled connection with auto-commit off: the handler's writes and
 * the projection offset commit in the same transaction (exactly once).
 */
public final class DataSourceJdbcSession implements JdbcSession {
    private final Connection connection;

    public DataSourceJdbcSession(DataSource ds) {
        try {
            this.connection = ds.getConnection();
            this.connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open a projection connection", e);
        }
    }

    @Override
    public <R> R withConnection(Function<Connection, R> func) throws Exception {
        return func.apply(connection);
    }

    @Override
    public void commit() throws SQLException {
        connection.commit();
    }

    @Override
    public void rollback() throws SQLException {
        connection.rollback();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
