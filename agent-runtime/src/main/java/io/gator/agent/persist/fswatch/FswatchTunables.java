package io.gator.agent.persist.fswatch;

import java.time.Duration;

/**
 * fswatch's timings ({@code gator.agent.persistent.modules.fswatch}).
 *
 * @param hashDelay        longest random wait before a changed file is hashed (0: at once)
 * @param alertSuppression no second alert for an object within this long of the last one
 * @param recheckInterval  how often a removed watched path is checked for reappearance
 */
public record FswatchTunables(Duration hashDelay, Duration alertSuppression, Duration recheckInterval) {}
