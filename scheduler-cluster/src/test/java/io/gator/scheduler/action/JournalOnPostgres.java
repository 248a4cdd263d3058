package io.gator.scheduler.action;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.PersistenceConfig;
import io.gator.persistence.TestDatabase;
import io.gator.persistence.schema.SchemaInit;
import io.gator.scheduler.SchedulerSettings;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;

/** A fresh PostgreSQL database with the schema, and a local actor system whose journal is in it. */
public final class JournalOnPostgres implements AutoCloseable {
    public final TestDatabase tdb;
    public final Database db;
    public final ActorTestKit kit;
    public final SchedulerSettings settings;

    private JournalOnPostgres(String name, String extraConfig) {
        tdb = TestDatabase.create();
        db = Database.open(tdb.settings());
        SchemaInit.apply(db.dataSource(), Dialect.POSTGRES);
        Config config = PersistenceConfig.withPersistence(ConfigFactory.parseString(
                "gator.persistence.url = \"" + tdb.url + "\"\n" + extraConfig + "\npekko.actor.provider = local\n")
                .withFallback(ConfigFactory.load()));
        kit = ActorTestKit.create(name, config);
        settings = SchedulerSettings.from(config);
    }

    /** {@code extraConfig}: HOCON over the defaults (settings under test). */
    public static JournalOnPostgres start(String name, String extraConfig) {
        return new JournalOnPostgres(name, extraConfig);
    }

    @Override
    public void close() {
        kit.shutdownTestKit();
        db.close();
        tdb.close();
    }
}
