package io.gator.scheduler.heartbeat;

import io.gator.persistence.agent.AgentRepository;
import io.gator.scheduler.SchedulerSettings;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Every {@code status-interval}: moves agents between online, idle and offline by heartbeat age and logs
 * the dashboard counters (new and disappeared since the previous pass). JDBC runs on the blocking dispatcher.
 */
public final class AgentStatusJob {
    public sealed interface Msg {}

    private enum Tick implements Msg { INSTANCE }

    private record Done(AgentRepository.Dashboard counts, Throwable error) implements Msg {}

    private AgentStatusJob() {}

    public static Behavior<Msg> create(AgentRepository repo, SchedulerSettings settings, Clock clock) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.statusInterval());
            var blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
            boolean[] busy = {false};
            return Behaviors.receive(Msg.class)
                    .onMessageEquals(Tick.INSTANCE, () -> {
                        if (!busy[0]) {
                            busy[0] = true;
                            ctx.pipeToSelf(CompletableFuture.supplyAsync(() -> {
                                OffsetDateTime now = OffsetDateTime.now(clock);
                                repo.updateStatuses(now, settings.onlineWithin(), settings.offlineAfter());
                                return repo.dashboard(now.minus(settings.statusInterval()));
                            }, blocking), (counts, err) -> new Done(counts, err));
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Done.class, d -> {
                        busy[0] = false;
                        if (d.error() != null) {
                            ctx.getLog().warn("agent status pass failed: {}", d.error().toString());
                        } else {
                            ctx.getLog().info("agents: {}", d.counts());
                        }
                        return Behaviors.same();
                    })
                    .build();
        }));
    }
}
