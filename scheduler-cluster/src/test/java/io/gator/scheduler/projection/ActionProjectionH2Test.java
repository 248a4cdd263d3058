package io.gator.scheduler.projection;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.relay.FakeRelay;
import io.gator.persistence.Database;
import io.gator.persistence.action.ActionReadRepository;
import io.gator.scheduler.SchedulerSettings;
import io.gator.scheduler.action.ActionEntity;
import io.gator.scheduler.action.Actions;
import io.gator.scheduler.action.FakeSelector;
import io.gator.scheduler.action.JournalOnH2;
import java.time.Clock;
import java.time.Duration;
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
        try (JournalOnH2 h2 = new JournalOnH2("ActionProjectionH2Test")) {
            ActorTestKit kit = h2.kit;
            Database db = h2.db;
            SchedulerSettings settings = SchedulerSettings.from(h2.config);
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
        }
    }
}
