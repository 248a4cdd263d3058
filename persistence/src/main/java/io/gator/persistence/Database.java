package io.gator.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The read-side connection pool (HikariCP, already on the classpath through slick-hikaricp).
 * Repositories and projections share it; the journal has its own pool inside pekko-persistence-jdbc.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Dialect dialect;

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    public static Database open(PersistenceSettings s) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(s.url());
        hc.setUsername(s.user());
        hc.setPassword(s.password());
        hc.setDriverClassName(s.dialect().driver);
        hc.setMaximumPoolSize(s.readPoolSize());
        hc.setPoolName("gator-read");
        return new Database(new HikariDataSource(hc), s.dialect());
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
