package io.gator.scheduler.projection;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.PersistenceConfig;
import io.gator.persistence.PersistenceSettings;
import io.gator.persistence.schema.SchemaInit;
import io.gator.persistence.standing.StandingOrderReadRepository;
import io.gator.scheduler.standing.StandingOrderEntity;
import io.gator.scheduler.standing.StandingSettings;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.projection.ProjectionBehavior;
import org.junit.jupiter.api.Test;

/** The embedded mode's journal (H2): the standing order tables exist and the projection fills them. */
class StandingOrderProjectionH2Test {

    @Test
    void anOrderAndItsRunsReachTheTablesOnTheEmbeddedH2Journal() throws Exception {
        String url = "jdbc:h2:mem:gator" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        Config config = PersistenceConfig.withPersistence(ConfigFactory.parseString(
                "gator.persistence { dialect = h2, url = \"" + url + "\", user = sa }\n"
                        + "pekko.actor.provider = local\n").withFallback(ConfigFactory.load()));
        ActorTestKit kit = ActorTestKit.create("StandingOrderProjectionH2Test", config);
        try (Database db = Database.open(PersistenceSettings.from(config))) {
            SchemaInit.apply(db.dataSource(), Dialect.H2);
            StandingSettings settings = StandingSettings.from(config);
            StandingOrderEntity.Summary s = StandingOrderFixture.post(kit, settings, 7001, "hourly passwd").summary();
            kit.spawn(ProjectionBehavior.create(StandingOrderProjection.create(kit.system(), db, settings)));
            StandingOrderReadRepository repo = new StandingOrderReadRepository(db);
            StandingOrderFixture.assertSame(s, StandingOrderFixture.await(repo, 7001,
                    r -> r.runs().get(1).status().equals(StandingOrderEntity.RUN_LAUNCHED)));
            org.junit.jupiter.api.Assertions.assertEquals(1, repo.newest(10).size());
        } finally {
            kit.shutdownTestKit();
        }
    }
}
