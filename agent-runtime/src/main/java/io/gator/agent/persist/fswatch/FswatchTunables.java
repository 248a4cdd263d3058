package io.gator.agent.persist.fswatch;

import java.time.Duration;

/**
 * fswatch's timings ({@code gator.agent.persistent.modules.fswatch}).
 *
 * @param hashSettle       fixed wait before a changed file is hashed, so that a write that follows the truncation
 *                         of the file is hashed with it (MIG: none)
 * @param hashDelay        longest random wait added to it (0: none)
 * @param alertSuppression no second alert for an object within this long of the last one
 * @param recheckInterval  how often a removed watched path is checked for reappearance
 */
public record FswatchTunables(Duration hashSettle, Duration hashDelay, Duration alertSuppression, Duration recheckInterval) {}
