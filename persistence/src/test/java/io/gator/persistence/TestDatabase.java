package io.gator.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A throw-away PostgreSQL database {@code gator_test_<random>} on the local server, dropped on close. */
public final class TestDatabase implements AutoCloseable {
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    public final String name;
    public final String url;

    private TestDatabase(String name) {
        this.name = name;
        this.url = "jdbc:postgresql://127.0.0.1:5432/" + name + "?reWriteBatchedInserts=true";
    }

    public static TestDatabase create() {
        String name = "gator_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + name);
        return new TestDatabase(name);
    }

    public PersistenceSettings settings() {
        return new PersistenceSettings(Dialect.POSTGRES, url, "postgres", "", 4, 4, false, 500);
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", ""); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }
}
