package io.gator.scheduler.action;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.PersistenceConfig;
import io.gator.persistence.PersistenceSettings;
import io.gator.persistence.schema.SchemaInit;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;

/** The embedded mode's journal: a fresh in-memory H2 database with the schema, and a local actor system on it. */
public final class JournalOnH2 implements AutoCloseable {
    public final Config config;
    public final Database db;
    public final ActorTestKit kit;

    public JournalOnH2(String name) {
        String url = "jdbc:h2:mem:gator" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        config = PersistenceConfig.withPersistence(ConfigFactory.parseString(
                "gator.persistence { dialect = h2, url = \"" + url + "\", user = sa }\n"
                        + "pekko.actor.provider = local\n").withFallback(ConfigFactory.load()));
        kit = ActorTestKit.create(name, config);
        db = Database.open(PersistenceSettings.from(config));
        SchemaInit.apply(db.dataSource(), Dialect.H2);
    }

    @Override
    public void close() {
        try {
            db.close();
        } finally {
            kit.shutdownTestKit();
        }
    }
}
