package io.gator.agent.persist;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import io.gator.core.agent.AgentEnv;
import io.gator.core.command.Result;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The agent's persistent-module host (MIG's {@code startPersist} and {@code managePersistModule}): spawns every
 * {@link PersistentModule} under a supervisor that starts it again with backoff when it fails (a configuration
 * error included), routes alerts to the module that {@link PersistentModule#receivesAlerts() receives them} when it
 * runs (else the agent's log gets {@code alert: <message>}), and answers investigators' queries through the running
 * module ({@link Ask}); a module that is not running answers MIG's {@code module <name> is not registered}.
 */
public final class PersistentModules {

    /** What the host handles. */
    public sealed interface Protocol permits Ask, Raise, Up, Down {}

    /** An investigator's query to a module; the reply is the module's result. */
    public record Ask(String module, JsonNode parameters, ActorRef<Result> replyTo) implements Protocol {}

    /** An alert raised by module {@code from}. */
    public record Raise(String from, String message) implements Protocol {}

    /** A module's actor has started. */
    record Up(String module, ActorRef<PersistentModule.Message> ref) implements Protocol {}

    /** A module's actor has stopped or failed. */
    record Down(String module, ActorRef<PersistentModule.Message> ref) implements Protocol {}

    /**
     * Everything the host needs.
     *
     * @param modules     the modules to run (names unique)
     * @param settings    each module's configuration by name, read at each start of the module
     * @param restart     the backoff of restarts
     * @param hostname    the agent's name
     * @param environment the agent's environment (read at each start of a module)
     * @param tags        the agent's tags
     * @param clock       the agent's clock
     * @param root        where system files are read from ({@code /})
     * @param socketDir   where MIG's query sockets {@code persist-<name>.sock} are opened; empty for none
     * @param queryTimeout how long a query over a socket waits for the module (the module timeout)
     */
    public record Setup(List<PersistentModule> modules, Function<String, ModuleSettings> settings,
                        PersistentHostSettings.Restart restart, String hostname, Supplier<AgentEnv> environment,
                        Map<String, String> tags, Clock clock, Path root, Optional<Path> socketDir,
                        Duration queryTimeout) {
        public Setup {
            modules = List.copyOf(modules);
            tags = Map.copyOf(tags);
        }
    }

    /** Error text of a query to a module that is not running (MIG appends it to the operation's errors). */
    public static String notRegistered(String module) {
        return "runModule() -> module " + module + " is not registered";
    }

    private PersistentModules() {}

    /** Every module on the class path, each with its tunables from {@code tuning.<name>} when present. */
    public static List<PersistentModule> discovered(Config tuning) {
        Map<String, PersistentModule> byName = new LinkedHashMap<>();
        ClassLoader loader = PersistentModules.class.getClassLoader();
        for (PersistentModule m : ServiceLoader.load(PersistentModule.class, loader)) {
            PersistentModule c = tuning.hasPath(m.name()) ? m.configured(tuning.getConfig(m.name())) : m;
            if (byName.putIfAbsent(m.name(), c) != null) {
                throw new IllegalStateException("persistent module '" + m.name() + "' is given twice");
            }
        }
        return List.copyOf(byName.values());
    }

    public static Behavior<Protocol> create(Setup setup) {
        return Behaviors.setup(ctx -> {
            Map<String, ActorRef<PersistentModule.Message>> running = new HashMap<>();
            Optional<String> receiver = setup.modules().stream().filter(PersistentModule::receivesAlerts)
                    .map(PersistentModule::name).findFirst();
            List<QuerySocket> sockets = new ArrayList<>();
            PersistentHostSettings.Restart r = setup.restart();
            for (PersistentModule m : setup.modules()) {
                if (m.startsOnlyWhenConfigured() && setup.settings().apply(m.name()).isEmpty()) {
                    ctx.getLog().info("[{}] not started: it runs only when configured ({}.cfg)", m.name(), m.name());
                    continue;
                }
                ctx.spawn(Behaviors.supervise(ModuleCell.create(m, setup, ctx.getSelf()))
                        .onFailure(SupervisorStrategy.restartWithBackoff(r.minBackoff(), r.maxBackoff(),
                                r.randomFactor()).withLoggingEnabled(false)), m.name()); // the cell logs why
                if (setup.socketDir().isPresent()) {
                    Path path = setup.socketDir().get().resolve("persist-" + m.name() + ".sock");
                    try {
                        sockets.add(QuerySocket.open(path, m.name(), ctx.getSelf(), ctx.getSystem().scheduler(),
                                setup.queryTimeout()));
                    } catch (IOException | RuntimeException e) {
                        ctx.getLog().warn("[{}] cannot listen on {}: {}", m.name(), path, e.toString());
                    }
                }
            }
            return Behaviors.receive(Protocol.class)
                    .onMessage(Up.class, u -> {
                        running.put(u.module(), u.ref());
                        ctx.getLog().debug("[{}] module started", u.module());
                        return Behaviors.same();
                    })
                    .onMessage(Down.class, d -> {
                        if (running.remove(d.module(), d.ref())) {
                            ctx.getLog().info("[{}] module is down, starting it again after the backoff", d.module());
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Ask.class, a -> {
                        ActorRef<PersistentModule.Message> m = running.get(a.module());
                        if (m == null) {
                            a.replyTo().tell(Result.failure(notRegistered(a.module())));
                        } else {
                            m.tell(new PersistentModule.Query(a.parameters(), a.replyTo()));
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Raise.class, a -> {
                        Optional<ActorRef<PersistentModule.Message>> to = receiver.filter(n -> !n.equals(a.from()))
                                .map(running::get);
                        if (to.isPresent()) {
                            to.get().tell(new PersistentModule.Alert(a.message()));
                        } else {
                            ctx.getLog().info("alert: {}", a.message());
                        }
                        return Behaviors.same();
                    })
                    .onSignal(PostStop.class, s -> {
                        sockets.forEach(QuerySocket::close);
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
