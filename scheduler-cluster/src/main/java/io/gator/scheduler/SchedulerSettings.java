package io.gator.scheduler;

import com.typesafe.config.Config;
import io.gator.scheduler.action.ActionTags;
import java.time.Duration;

/** {@code gator.scheduler.*} read once. */
public record SchedulerSettings(int snapshotEvery, int snapshotsKept, Duration confirmGatherWindow, int confirmBatchMax,
                                Duration publishRetryMin, Duration publishRetryMax, int publishParallelism,
                                Duration askTimeout, Duration passivateAfterFinish, ActionTags actionTags,
                                int resultsPrefetch, Duration resultsGroupWindow, int resultsGroupMax,
                                int resultsParallelism, Duration resultsAskTimeout,
                                int heartbeatPrefetch, Duration heartbeatGroupWindow, int heartbeatGroupMax, int heartbeatParallelism,
                                int heartbeatMaxBytes, Duration statusInterval, Duration onlineWithin,
                                Duration offlineAfter, int recoveryAttempts, Duration recoveryBackoffMin,
                                Duration recoveryBackoffMax, long resultsMaxBytes, Duration heartbeatClockSkew,
                                int publishRetryParallelism, double publishRetryRandomFactor,
                                Duration topologyRetryMin, Duration topologyRetryMax) {

    public static SchedulerSettings from(Config root) {
        Config a = root.getConfig("gator.scheduler.action");
        Config r = root.getConfig("gator.scheduler.results");
        Config h = root.getConfig("gator.scheduler.heartbeats");
        return new SchedulerSettings(a.getInt("snapshot-every"), a.getInt("snapshots-kept"),
                a.getDuration("confirm-gather-window"), a.getInt("confirm-batch-max"), a.getDuration("publish-retry-min"),
                a.getDuration("publish-retry-max"), a.getInt("publish-parallelism"), a.getDuration("ask-timeout"), a.getDuration("passivate-after-finish"),
                new ActionTags(a.getString("event-tag"), a.getInt("projection-slices")),
                r.getInt("prefetch"), r.getDuration("group-window"), r.getInt("group-max"), r.getInt("parallelism"),
                r.getDuration("ask-timeout"),
                h.getInt("prefetch"), h.getDuration("group-window"), h.getInt("group-max"), h.getInt("parallelism"), h.getInt("max-bytes"),
                h.getDuration("status-interval"), h.getDuration("online-within"), h.getDuration("offline-after"),
                a.getInt("recovery-attempts"), a.getDuration("recovery-backoff-min"), a.getDuration("recovery-backoff-max"),
                r.getBytes("max-bytes"), h.getDuration("clock-skew"),
                a.getInt("publish-retry-parallelism"), a.getDouble("publish-retry-random-factor"),
                root.getDuration("gator.scheduler.topology-retry-min"),
                root.getDuration("gator.scheduler.topology-retry-max"));
    }
}
