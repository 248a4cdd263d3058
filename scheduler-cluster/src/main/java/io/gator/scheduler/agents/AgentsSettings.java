package io.gator.scheduler.agents;

import com.typesafe.config.Config;
import io.gator.persistence.agent.AgentStatsRepository;
import java.time.Duration;

/** {@code gator.scheduler.agents.*}: statistics windows and duplicate agent handling. */
public record AgentsSettings(boolean detectDuplicates, boolean killDuplicates, Duration killActionValidity,
                             Duration newWithin, Duration disappearedWithin, Duration flappingWithin,
                             Duration restartMargin, Duration statsKept) {

    public static AgentsSettings from(Config root) {
        Config c = root.getConfig("gator.scheduler.agents");
        return new AgentsSettings(c.getBoolean("detect-duplicates"), c.getBoolean("kill-duplicates"),
                c.getDuration("kill-action-validity"), c.getDuration("new-within"), c.getDuration("disappeared-within"),
                c.getDuration("flapping-within"), c.getDuration("restart-margin"), c.getDuration("stats-kept"));
    }

    public AgentStatsRepository.Windows windows() {
        return new AgentStatsRepository.Windows(newWithin, disappearedWithin, flappingWithin, restartMargin);
    }
}
