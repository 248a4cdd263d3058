package io.gator.scheduler.heartbeat;

import io.gator.persistence.agent.AgentRepository;
import io.gator.persistence.agent.AgentStatsRepository;
import io.gator.persistence.agent.AgentStatsRepository.AgentStats;
import io.gator.scheduler.SchedulerSettings;
import io.gator.scheduler.agents.AgentsSettings;
import io.gator.scheduler.agents.DuplicateAgentKiller;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Every {@code status-interval} (MIG's periodic routine): moves agents between online, idle and offline by
 * heartbeat age; then, when given, computes MIG's agent statistics and appends them to {@code agents_stats}
 * (the API's dashboard reads the latest), and runs the duplicate agent pass. One pass at a time; JDBC runs on
 * the blocking dispatcher.
 */
public final class AgentStatusJob {
    public sealed interface Msg {}

    private enum Tick implements Msg { INSTANCE }

    private record Done(Optional<AgentStats> stats, Optional<DuplicateAgentKiller.Report> duplicates, Throwable error)
            implements Msg {}

    /** What a pass does after the status update; each part is optional. */
    public record Extras(Optional<AgentStatsRepository> stats, AgentsSettings agents,
                         Optional<DuplicateAgentKiller> duplicates) {
        public static Extras none(AgentsSettings agents) {
            return new Extras(Optional.empty(), agents, Optional.empty());
        }
    }

    private AgentStatusJob() {}

    /** Statuses only. */
    public static Behavior<Msg> create(AgentRepository repo, SchedulerSettings settings, Clock clock) {
        return create(repo, settings, clock, Optional.empty());
    }

    public static Behavior<Msg> create(AgentRepository repo, SchedulerSettings settings, Clock clock, Extras extras) {
        return create(repo, settings, clock, Optional.of(extras));
    }

    private static Behavior<Msg> create(AgentRepository repo, SchedulerSettings settings, Clock clock,
                                        Optional<Extras> extras) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.statusInterval());
            var blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
            boolean[] busy = {false};
            return Behaviors.receive(Msg.class)
                    .onMessageEquals(Tick.INSTANCE, () -> {
                        if (!busy[0]) {
                            busy[0] = true;
                            CompletionStage<Optional<AgentStats>> statuses = CompletableFuture.supplyAsync(() -> {
                                OffsetDateTime now = OffsetDateTime.now(clock);
                                repo.updateStatuses(now, settings.onlineWithin(), settings.offlineAfter());
                                return extras.flatMap(Extras::stats).map(s -> {
                                    AgentStats st = s.compute(now, extras.get().agents().windows());
                                    s.store(st);
                                    s.prune(now.minus(extras.get().agents().statsKept()));
                                    return st;
                                });
                            }, blocking);
                            Optional<DuplicateAgentKiller> killer = extras
                                    .filter(e -> e.agents().detectDuplicates()).flatMap(Extras::duplicates);
                            ctx.pipeToSelf(statuses.thenCompose(st -> killer.isEmpty()
                                    ? CompletableFuture.completedFuture(new Done(st, Optional.empty(), null))
                                    : killer.get().pass().thenApply(r -> new Done(st, Optional.of(r), null))),
                                    (d, err) -> err == null ? d : new Done(Optional.empty(), Optional.empty(), err));
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Done.class, d -> {
                        busy[0] = false;
                        if (d.error() != null) {
                            ctx.getLog().warn("agent status pass failed: {}", d.error().toString());
                            return Behaviors.same();
                        }
                        d.stats().ifPresent(s -> ctx.getLog().debug("agents: {}", s));
                        d.duplicates().filter(r -> !r.claimed().isEmpty() || !r.created().isEmpty()).ifPresent(r -> ctx.getLog().info(
                                "{} endpoints run several agents; kill actions claimed {}, created {}", r.endpoints(),
                                r.claimed(), r.created()));
                        return Behaviors.same();
                    })
                    .build();
        }));
    }
}
