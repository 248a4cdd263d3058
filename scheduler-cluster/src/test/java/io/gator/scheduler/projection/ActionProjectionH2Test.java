package io.gator.scheduler.projection;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.relay.FakeRelay;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.PersistenceConfig;
import io.gator.persistence.PersistenceSettings;
import io.gator.persistence.action.ActionReadRepository;
import io.gator.persistence.schema.SchemaInit;
import io.gator.scheduler.SchedulerSettings;
import io.gator.scheduler.action.ActionEntity;
import io.gator.scheduler.action.Actions;
import io.gator.scheduler.action.FakeSelector;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.projection.ProjectionBehavior;
import org.junit.jupiter.api.Test;

/** The embedded mode's journal (H2): the slice projections pass the old-tag check and project an action. */
class ActionProjectionH2Test {

    @Test
    void theSliceProjectionsStartAndProjectOnTheEmbeddedH2Journal() throws Exception {
        String url = "jdbc:h2:mem:gator" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        Config config = PersistenceConfig.withPersistence(ConfigFactory.parseString(
                "gator.persistence { dialect = h2, url = \"" + url + "\", user = sa }\n"
                        + "pekko.actor.provider = local\n").withFallback(ConfigFactory.load()));
        ActorTestKit kit = ActorTestKit.create("ActionProjectionH2Test", config);
        try (Database db = Database.open(PersistenceSettings.from(config))) {
            SchemaInit.apply(db.dataSource(), Dialect.H2);
            SchedulerSettings settings = SchedulerSettings.from(config);
            long id = 91001;
            ActorRef<ActionEntity.Command> ref = kit.spawn(ActionEntity.create(PersistenceId.of("Action",
                    Long.toString(id)), id, new FakeRelay(), FakeSelector.of(2), settings, Clock.systemUTC()));
            AskPattern.<ActionEntity.Command, StatusReply<ActionEntity.Summary>>ask(ref,
                    rt -> new ActionEntity.Create(Actions.json(id), rt), Duration.ofSeconds(10), kit.scheduler())
                    .toCompletableFuture().get(15, TimeUnit.SECONDS).getValue();

            UnslicedBacklog backlog = new UnslicedBacklog(kit.system(), db,
                    ActionProjection.id(settings.actionTags().unsliced()));
            assertTrue(backlog.isDrained().toCompletableFuture().get(10, TimeUnit.SECONDS));
            ActionProjection.all(kit.system(), db, settings).forEach(p -> kit.spawn(ProjectionBehavior.create(p)));
            ActionReadRepository actions = new ActionReadRepository(db);
            long deadline = System.currentTimeMillis() + 20_000;
            while (actions.find(id).isEmpty()) {
                assertTrue(System.currentTimeMillis() < deadline, "the action never reached the read table on H2");
                Thread.sleep(50);
            }
        } finally {
            kit.shutdownTestKit();
        }
    }
}
