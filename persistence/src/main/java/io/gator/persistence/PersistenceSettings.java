package io.gator.persistence;

import com.typesafe.config.Config;

/** {@code gator.persistence.*} read once. */
public record PersistenceSettings(Dialect dialect, String url, String user, String password, int journalPoolSize,
                                  int readPoolSize, boolean initSchemaOnStart, int batchSize) {

    private static final String PG_DEFAULT_PREFIX = "jdbc:postgresql:";

    public static PersistenceSettings from(Config root) {
        Config c = root.getConfig("gator.persistence");
        Dialect dialect = Dialect.of(c.getString("dialect"));
        String url = c.getString("url");
        if (dialect == Dialect.H2 && url.startsWith(PG_DEFAULT_PREFIX)) {
            url = c.getString("h2-url");
        }
        if (Dialect.ofUrl(url) != dialect) {
            throw new IllegalArgumentException("gator.persistence.url " + url + " does not match dialect " + dialect);
        }
        return new PersistenceSettings(dialect, url, c.getString("user"), c.getString("password"),
                c.getInt("journal-pool-size"), c.getInt("read-pool-size"), c.getBoolean("init-schema-on-start"),
                c.getInt("batch-size"));
    }

    /** The same settings on another URL (tests, `gator db init --url`). */
    public PersistenceSettings withUrl(String newUrl) {
        return new PersistenceSettings(Dialect.ofUrl(newUrl), newUrl, user, password, journalPoolSize, readPoolSize,
                initSchemaOnStart, batchSize);
    }
}
