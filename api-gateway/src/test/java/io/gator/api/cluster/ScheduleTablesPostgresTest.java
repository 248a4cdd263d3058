package io.gator.api.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.api.backend.StandingOrderView;
import io.gator.core.action.Counters;
import io.gator.core.json.MigJson;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.PersistenceConfig;
import io.gator.persistence.TestDatabase;
import io.gator.persistence.schema.SchemaInit;
import io.gator.scheduler.action.ActionEntity;
import io.gator.scheduler.projection.StandingOrderProjection;
import io.gator.scheduler.standing.RunLauncher;
import io.gator.scheduler.standing.StandingOrderEntity;
import io.gator.scheduler.standing.StandingSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.projection.ProjectionBehavior;
import org.junit.jupiter.api.Test;

/**
 * {@code schedule/list} and {@code schedule} read the standing order tables on PostgreSQL: each order's JSON is
 * exactly what the entity's answer gave before the tables existed.
 */
class ScheduleTablesPostgresTest {

    @Test
    void listFromTheTablesGivesTheJsonTheEntityGaveWithoutAskingIt() throws Exception {
        try (TestDatabase tdb = TestDatabase.create(); Database db = Database.open(tdb.settings())) {
            SchemaInit.apply(db.dataSource(), Dialect.POSTGRES);
            Config config = PersistenceConfig.withPersistence(ConfigFactory.parseString(
                    "gator.persistence.url = \"" + tdb.url + "\"\npekko.actor.provider = local\ngator.api.port = 0")
                    .withFallback(ConfigFactory.load()));
            ActorTestKit kit = ActorTestKit.create("ScheduleTablesPostgresTest", config);
            try {
                StandingSettings settings = StandingSettings.from(config);
                RunLauncher launched = (id, json, by) -> CompletableFuture.completedFuture(
                        new ActionEntity.Summary(id, "scheduled", Counters.ZERO, 0));
                long orderId = 42_000;
                ActorRef<StandingOrderEntity.Command> ref = kit.spawn(StandingOrderEntity.create(
                        PersistenceId.of(StandingOrderEntity.TYPE_KEY.name(), Long.toString(orderId)), orderId,
                        launched, settings, Clock.systemUTC(), self -> { }));
                Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                List<StandingOrderEntity.Run> runs = List.of(
                        new StandingOrderEntity.Run(1, "{}", now.minus(Duration.ofMinutes(1)), now.plusSeconds(600)),
                        new StandingOrderEntity.Run(2, "{}", now.plusSeconds(3600), now.plusSeconds(4200)));
                ask(kit, ref, rt -> new StandingOrderEntity.Create("hourly passwd",
                        new ActionEntity.Requester(2, "alice", false), runs, rt));
                StandingOrderEntity.Summary s = ask(kit, ref, StandingOrderEntity.Get::new);
                for (long deadline = System.currentTimeMillis() + 10_000; s.launched() < 1; ) {
                    assertTrue(System.currentTimeMillis() < deadline, s.toString());
                    Thread.sleep(20);
                    s = ask(kit, ref, StandingOrderEntity.Get::new);
                }
                StandingOrderView fromEntity = ClusterBackend.view(s);
                kit.stop(ref); // the backend cannot ask it (no sharding here): the answers come from the tables

                kit.spawn(ProjectionBehavior.create(StandingOrderProjection.create(kit.system(), db, settings)));
                ClusterBackend backend = new ClusterBackend(kit.system(), db, 500, Clock.systemUTC(),
                        Duration.ofSeconds(5));
                List<StandingOrderView> listed = List.of();
                for (long deadline = System.currentTimeMillis() + 20_000; !listed.contains(fromEntity); ) {
                    assertTrue(System.currentTimeMillis() < deadline, "never listed as " + fromEntity + ": " + listed);
                    Thread.sleep(50);
                    listed = backend.standingOrders(10).toCompletableFuture().get(10, TimeUnit.SECONDS);
                }
                assertEquals(1, listed.size());
                assertEquals(MigJson.mapper().writeValueAsString(fromEntity),
                        MigJson.mapper().writeValueAsString(listed.get(0)));
            } finally {
                kit.shutdownTestKit();
            }
        }
    }

    private static StandingOrderEntity.Summary ask(ActorTestKit kit, ActorRef<StandingOrderEntity.Command> ref,
            org.apache.pekko.japi.function.Function<ActorRef<StatusReply<StandingOrderEntity.Summary>>,
                    StandingOrderEntity.Command> message) throws Exception {
        return AskPattern.<StandingOrderEntity.Command, StatusReply<StandingOrderEntity.Summary>>ask(ref,
                        message, Duration.ofSeconds(10), kit.scheduler())
                .toCompletableFuture().get(15, TimeUnit.SECONDS).getValue();
    }
}
