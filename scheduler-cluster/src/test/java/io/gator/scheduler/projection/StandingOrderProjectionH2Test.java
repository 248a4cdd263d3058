package io.gator.scheduler.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gator.persistence.standing.StandingOrderReadRepository;
import io.gator.scheduler.action.JournalOnH2;
import io.gator.scheduler.standing.StandingOrderEntity;
import io.gator.scheduler.standing.StandingSettings;
import org.apache.pekko.projection.ProjectionBehavior;
import org.junit.jupiter.api.Test;

/** The embedded mode's journal (H2): the standing order tables exist and the projection fills them. */
class StandingOrderProjectionH2Test {

    @Test
    void anOrderAndItsRunsReachTheTablesOnTheEmbeddedH2Journal() throws Exception {
        try (JournalOnH2 h2 = new JournalOnH2("StandingOrderProjectionH2Test")) {
            StandingSettings settings = StandingSettings.from(h2.config);
            StandingOrderEntity.Summary s = StandingOrderFixture.post(h2.kit, settings, 7001, "hourly passwd")
                    .summary();
            h2.kit.spawn(ProjectionBehavior.create(StandingOrderProjection.create(h2.kit.system(), h2.db, settings)));
            StandingOrderReadRepository repo = new StandingOrderReadRepository(h2.db);
            StandingOrderFixture.assertSame(s, StandingOrderFixture.await(repo, 7001,
                    r -> r.runs().get(1).status().equals(StandingOrderEntity.RUN_LAUNCHED)));
            assertEquals(1, repo.newest(10).size());
        }
    }
}
