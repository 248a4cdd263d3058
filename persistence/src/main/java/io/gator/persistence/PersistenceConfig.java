package io.gator.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;

/**
 * Derives the pekko-persistence-jdbc, Slick and pekko-projection-jdbc settings from
 * {@code gator.persistence.*}, so an operator chooses PostgreSQL or H2 with config keys only.
 * Call it on the loaded config before creating the ActorSystem.
 */
public final class PersistenceConfig {
    private PersistenceConfig() {}

    /** {@code config} with the journal, snapshot store, read journal and projections on the configured database. */
    public static Config withPersistence(Config config) {
        return pekkoConfig(PersistenceSettings.from(config)).withFallback(config).resolve();
    }

    /** The Pekko side of the given settings. */
    public static Config pekkoConfig(PersistenceSettings s) {
        String db = "pekko-persistence-jdbc.shared-databases.gator";
        Config c = ConfigFactory.parseString("""
                pekko.persistence.journal.plugin = "jdbc-journal"
                pekko.persistence.snapshot-store.plugin = "jdbc-snapshot-store"
                jdbc-journal.use-shared-db = "gator"
                jdbc-snapshot-store.use-shared-db = "gator"
                jdbc-read-journal.use-shared-db = "gator"
                jdbc-durable-state-store.use-shared-db = "gator"
                # the read side (projection to the read tables) polls the journal this often: the CLI follows
                # actions through those tables, so the default 1 s would be a visible lag
                jdbc-read-journal.refresh-interval = 200ms
                # new journal rows reach that query only after the sequence actor has seen them, every query-delay
                # (1 s by default); max-tries keeps the gap timeout (query-delay * max-tries) at the default 10 s
                jdbc-read-journal.journal-sequence-retrieval.query-delay = 100ms
                jdbc-read-journal.journal-sequence-retrieval.max-tries = 100
                """)
                .withValue(db + ".profile", ConfigValueFactory.fromAnyRef(s.dialect().slickProfile))
                .withValue(db + ".db.url", ConfigValueFactory.fromAnyRef(s.url()))
                .withValue(db + ".db.user", ConfigValueFactory.fromAnyRef(s.user()))
                .withValue(db + ".db.password", ConfigValueFactory.fromAnyRef(s.password()))
                .withValue(db + ".db.driver", ConfigValueFactory.fromAnyRef(s.dialect().driver))
                .withValue(db + ".db.numThreads", ConfigValueFactory.fromAnyRef(s.journalPoolSize()))
                .withValue(db + ".db.maxConnections", ConfigValueFactory.fromAnyRef(s.journalPoolSize()))
                .withValue(db + ".db.minConnections", ConfigValueFactory.fromAnyRef(1))
                .withValue("pekko.projection.jdbc.dialect", ConfigValueFactory.fromAnyRef(s.dialect().projectionDialect))
                .withValue("pekko.projection.jdbc.blocking-jdbc-dispatcher.thread-pool-executor.fixed-pool-size",
                        ConfigValueFactory.fromAnyRef(s.readPoolSize()));
        return c;
    }
}
