package io.gator.agent;

import io.gator.agent.command.CommandRouter;
import io.gator.agent.command.CommandRunner;
import io.gator.agent.command.ModuleInvoker;
import io.gator.agent.command.QueueConsumer;
import io.gator.agent.config.AgentSettings;
import io.gator.agent.heartbeat.HeartbeatPublisher;
import io.gator.agent.persist.PersistentHostSettings;
import io.gator.agent.persist.PersistentModule;
import io.gator.agent.persist.PersistentModules;
import io.gator.agent.persist.PersistentQueries;
import io.gator.agent.verify.CommandVerifier;
import io.gator.core.agent.Agent;
import io.gator.core.agent.AgentEnv;
import io.gator.core.json.MigTime;
import io.gator.relay.Relay;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The agent's root: supervises the relay client (queue consumer), the heartbeat publisher and the
 * command router, and in daemon mode runs the persistent modules' host. A crashed child is restarted (the relay client with backoff), so the agent
 * keeps serving whatever fails below it.
 */
public final class AgentGuardian {

    /** Everything the agent is made of; built by the launcher or a test. */
    public record Parts(AgentSettings settings, String queueLoc, Relay relay, CommandVerifier verifier,
                        ModuleInvoker invoker, ExecutorService moduleThreads, Supplier<AgentEnv> facts,
                        String version, Clock clock, Persistent persistent) {
        /** Parts without persistent modules. */
        public Parts(AgentSettings settings, String queueLoc, Relay relay, CommandVerifier verifier,
                     ModuleInvoker invoker, ExecutorService moduleThreads, Supplier<AgentEnv> facts,
                     String version, Clock clock) {
            this(settings, queueLoc, relay, verifier, invoker, moduleThreads, facts, version, clock,
                    Persistent.none());
        }
    }

    /**
     * The persistent modules the agent runs in daemon mode (not in a checkin run) and where the invoker's queries to
     * them are bound.
     */
    public record Persistent(PersistentHostSettings settings, List<PersistentModule> modules,
                             PersistentQueries queries) {
        public Persistent {
            modules = List.copyOf(modules);
        }

        public static Persistent none() {
            return new Persistent(PersistentHostSettings.off(), List.of(), new PersistentQueries());
        }
    }

    /** The guardian answers with the router, for tests and status pages. */
    public record GetRouter(ActorRef<ActorRef<CommandRouter.Protocol>> replyTo) {}

    /** The file of the agent's run directory that keeps the answered commands' ids across restarts. */
    public static final String ANSWERED_FILE = "answered-commands";

    /** The dispatcher the agent verifies commands on (reference.conf). */
    public static final String VERIFICATION_DISPATCHER = "gator.agent.verification-dispatcher";

    private AgentGuardian() {}

    public static Behavior<GetRouter> create(Parts p) {
        return Behaviors.setup(ctx -> {
            AgentSettings s = p.settings();
            CommandRunner.Resources resources = new CommandRunner.Resources(p.invoker(), p.moduleThreads(),
                    s.moduleTimeout(), p.clock(), s.maxParameterBytes());
            CommandRouter.Settings rs = new CommandRouter.Settings(p.queueLoc(), s.maxActions(),
                    Optional.of(s.heartbeatInterval().multipliedBy(10)), s.resultPublishAttempts(),
                    s.resultPublishRetry(), s.rememberedCommands(), s.maxCommandBytes(),
                    Optional.of(s.runDir().resolve(ANSWERED_FILE)), VERIFICATION_DISPATCHER);
            ActorRef<CommandRouter.Protocol> router = ctx.spawn(Behaviors.supervise(
                    CommandRouter.create(rs, p.relay(), p.verifier(), resources))
                    .onFailure(SupervisorStrategy.restart()), "commands");
            // Prefetch a little beyond max-actions so the next command is at hand; the broker keeps the rest.
            int prefetch = s.maxActions() + 1;
            ctx.spawn(Behaviors.supervise(QueueConsumer.create(p.relay(), p.queueLoc(), prefetch, router))
                    .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(500), Duration.ofSeconds(30), 0.2)),
                    "relay-client");
            OffsetDateTime started = OffsetDateTime.now(p.clock());
            long pid = ProcessHandle.current().pid();
            // a checkin run heartbeats once, at start, as MIG's
            String mode = s.checkin() ? "checkin" : "daemon";
            ctx.spawn(Behaviors.supervise(HeartbeatPublisher.create(p.relay(), s.heartbeatInterval(), !s.checkin(),
                    s.heartbeatStamp(), p.clock(), now -> Agent.of(s.name(), p.queueLoc()).withMode(mode).withProcess(p.version(), pid)
                            .withTimes(now, now, started).withEnvironment(p.facts().get()).withTags(s.tags())))
                    .onFailure(SupervisorStrategy.restart()), "heartbeat");
            Persistent ps = p.persistent();
            if (ps.settings().enabled() && !s.checkin() && !ps.modules().isEmpty()) {
                PersistentModules.Setup setup = new PersistentModules.Setup(ps.modules(),
                        ps.settings().files()::read, ps.settings().restart(), s.name(), p.facts(), s.tags(),
                        p.clock(), Path.of("/"), ps.settings().sockets() ? Optional.of(s.runDir()) : Optional.empty(),
                        s.moduleTimeout());
                ActorRef<PersistentModules.Protocol> host = ctx.spawn(PersistentModules.create(setup), "persistent");
                ps.queries().bind(host, ctx.getSystem().scheduler(), s.moduleTimeout());
            }
            return Behaviors.receive(GetRouter.class)
                    .onMessage(GetRouter.class, g -> {
                        g.replyTo().tell(router);
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
