package io.gator.agent.fleet;

import io.gator.agent.command.CommandRouter;
import io.gator.agent.command.CommandRunner;
import io.gator.agent.command.ModuleInvoker;
import io.gator.agent.command.QueueConsumer;
import io.gator.agent.verify.CommandVerifier;
import io.gator.core.agent.Agent;
import io.gator.core.agent.AgentEnv;
import io.gator.core.json.MigJson;
import io.gator.core.json.MigTime;
import io.gator.relay.OutgoingMessage;
import io.gator.relay.Relay;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Many simulated agents in one JVM for load tests: each has its own name, queue location, queue
 * consumer and command router (the real verification, module runners and timeouts), while the
 * connections, module threads and heartbeat timer are shared. Heartbeats for the whole fleet go out
 * together, in parallel publishes, at start and every interval.
 */
public final class FleetGuardian {

    /** Fleet settings. */
    public record Settings(int agents, String namePrefix, String queuePrefix, Duration heartbeatInterval,
                           Duration moduleTimeout, int maxActionsPerAgent, Map<String, String> tags, String version,
                           AgentEnv environment, int rememberedCommands, int maxCommandBytes,
                           int maxParameterBytes) {}

    /** The guardian's protocol. */
    public sealed interface Protocol permits Beat, BeatDone, GetAgents {}

    /** Time to beat for everyone. */
    public enum Beat implements Protocol { INSTANCE }

    /** Asks for the simulated agents' queue locations. */
    public record GetAgents(ActorRef<List<String>> replyTo) implements Protocol {}

    private record BeatDone(int failed) implements Protocol {}

    private FleetGuardian() {}

    /** The queue location of simulated agent {@code i}: stable across runs, so queues are reused. */
    public static String queueLoc(Settings s, int i) {
        return "linux." + s.queuePrefix() + String.format("%06d", i);
    }

    /** All agents on one relay. */
    public static Behavior<Protocol> create(Settings s, Relay relay, CommandVerifier verifier, ModuleInvoker invoker,
                                       ExecutorService moduleThreads, Clock clock) {
        return create(s, i -> relay, verifier, invoker, moduleThreads, clock);
    }

    /**
     * Agent {@code i} uses {@code relays.apply(i)}: a broker caps channels per connection (RabbitMQ: 2,047),
     * so a large fleet spreads its consumers over several connections.
     */
    public static Behavior<Protocol> create(Settings s, java.util.function.IntFunction<Relay> relays,
                                       CommandVerifier verifier, ModuleInvoker invoker,
                                       ExecutorService moduleThreads, Clock clock) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            CommandRunner.Resources resources = new CommandRunner.Resources(invoker, moduleThreads, s.moduleTimeout(), clock,
                    s.maxParameterBytes());
            List<String> queueLocs = new ArrayList<>(s.agents());
            for (int i = 0; i < s.agents(); i++) {
                String q = queueLoc(s, i);
                queueLocs.add(q);
                CommandRouter.Settings rs = new CommandRouter.Settings(q, s.maxActionsPerAgent(),
                        Optional.of(s.heartbeatInterval().multipliedBy(10)), 5, Duration.ofSeconds(1),
                        s.rememberedCommands(), s.maxCommandBytes(), Optional.empty(),
                        "gator.fleet.verification-dispatcher");
                Relay relay = relays.apply(i);
                ActorRef<CommandRouter.Protocol> router = ctx.spawn(Behaviors.supervise(
                        CommandRouter.create(rs, relay, verifier, resources)).onFailure(SupervisorStrategy.restart()),
                        "router-" + i);
                ctx.spawn(Behaviors.supervise(QueueConsumer.create(relay, q, s.maxActionsPerAgent() + 1, router))
                        .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(500), Duration.ofSeconds(30), 0.2)),
                        "consumer-" + i);
            }
            OffsetDateTime started = OffsetDateTime.now(clock);
            ctx.getSelf().tell(Beat.INSTANCE);
            timers.startTimerWithFixedDelay(Beat.INSTANCE, s.heartbeatInterval());
            return Behaviors.receive(Protocol.class)
                    .onMessageEquals(Beat.INSTANCE, () -> {
                        OffsetDateTime now = OffsetDateTime.now(clock);
                        long pid = ProcessHandle.current().pid();
                        List<CompletableFuture<?>> sends = new ArrayList<>(queueLocs.size());
                        for (int i = 0; i < queueLocs.size(); i++) {
                            Agent hb = Agent.of(s.namePrefix() + "-" + i, queueLocs.get(i)).withMode("daemon")
                                    .withProcess(s.version(), pid).withTimes(now, now, started)
                                    .withEnvironment(s.environment()).withTags(s.tags());
                            sends.add(relays.apply(i).publish(OutgoingMessage.heartbeat(MigJson.writeBytes(hb),
                                    Optional.of(s.heartbeatInterval().multipliedBy(10)))).toCompletableFuture());
                        }
                        CompletableFuture<Integer> failed = CompletableFuture.allOf(sends.stream()
                                        .map(f -> f.handle((ok, err) -> err == null ? 0 : 1)).toArray(CompletableFuture[]::new))
                                .thenApply(v -> (int) sends.stream().filter(CompletableFuture::isCompletedExceptionally).count());
                        ctx.pipeToSelf(failed, (n, err) -> new BeatDone(err != null ? queueLocs.size() : n));
                        return Behaviors.same();
                    })
                    .onMessage(BeatDone.class, d -> {
                        if (d.failed() > 0) {
                            ctx.getLog().warn("{} of {} fleet heartbeats not published", d.failed(), queueLocs.size());
                        }
                        return Behaviors.same();
                    })
                    .onMessage(GetAgents.class, g -> {
                        g.replyTo().tell(List.copyOf(queueLocs));
                        return Behaviors.same();
                    })
                    .build();
        }));
    }
}
