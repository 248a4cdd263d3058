package io.gator.agent.fleet;

import com.typesafe.config.Config;
import io.gator.agent.AgentGuardian;
import io.gator.agent.AgentLauncher;
import io.gator.agent.command.ModuleInvoker;
import io.gator.agent.module.ModuleRegistry;
import io.gator.agent.verify.CommandVerifier;
import io.gator.agent.verify.SignedCommandVerifier;
import io.gator.agent.module.RegistryModules;
import io.gator.core.agent.AgentEnv;
import io.gator.core.agent.AwsEnv;
import io.gator.relay.Relay;
import io.gator.relay.amqp.AmqpRelay;
import io.gator.relay.amqp.AmqpSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Starts the fleet simulator from {@code gator.fleet} and {@code gator.agent} (keyring, ACL, intervals):
 * the real verifier and modules, agents spread over {@code agents-per-connection} AMQP connections.
 */
public final class FleetLauncher {
    private FleetLauncher() {}

    /** A running fleet. */
    public record Running(ActorSystem<FleetGuardian.Protocol> system, List<Relay> relays, ExecutorService threads) {
        public void stop() {
            system.terminate();
            threads.shutdownNow();
            relays.forEach(Relay::close);
        }
    }

    public static Running start(Config config, Clock clock) {
        Config f = config.getConfig("gator.fleet");
        int agents = f.getInt("agents");
        int perConnection = Math.max(1, f.getInt("agents-per-connection"));
        List<Relay> relays = new ArrayList<>();
        AmqpSettings amqp = AmqpSettings.fromRoot(config);
        for (int i = 0; i * perConnection < agents; i++) {
            relays.add(AmqpRelay.start(amqp.withConnectionName(amqp.connectionName() + "-fleet-" + i)));
        }
        return start(config, clock, relays, perConnection);
    }

    /** With relays given (tests, embedded mode): agent {@code i} uses {@code relays[i / perConnection]}. */
    public static Running start(Config config, Clock clock, List<Relay> relays, int perConnection) {
        Config f = config.getConfig("gator.fleet");
        // Keyring, ACL and verifier exactly as a real agent builds them (one relay stands in; the fleet routes its own).
        AgentGuardian.Parts parts = AgentLauncher.parts(config, relays.get(0), clock);
        ModuleRegistry registry = ModuleRegistry.fromConfig(config);
        RegistryModules modules = new RegistryModules(registry, parts.settings().extraPrivacyMode(),
                Path.of(f.getString("root")));
        ExecutorService threads = Executors.newFixedThreadPool(f.getInt("module-threads"));
        ModuleInvoker invoker = withLatency(modules, f.getDuration("module-latency"));
        parts.moduleThreads().shutdown();
        Map<String, String> tags = new TreeMap<>(parts.settings().tags());
        tags.put("fleet", f.getString("queue-prefix"));
        FleetGuardian.Settings s = new FleetGuardian.Settings(f.getInt("agents"), f.getString("name-prefix"),
                f.getString("queue-prefix"), parts.settings().heartbeatInterval(), parts.settings().moduleTimeout(),
                f.getInt("max-actions"), tags, AgentLauncher.VERSION,
                AgentEnv.of("simulated", "Gator fleet simulator", "linux", "amd64")
                        .withAddresses(List.of(), "127.0.0.1").withModules(List.copyOf(registry.names())),
                parts.settings().rememberedCommands(), parts.settings().maxCommandBytes(),
                parts.settings().maxParameterBytes());
        CommandVerifier verifier = parts.verifier() instanceof SignedCommandVerifier gate
                ? gate.withSignatures(new SharedVerdicts(gate.signatures(), f.getDuration("shared-verdict-ttl"),
                        f.getInt("shared-verdicts"), clock))
                : parts.verifier();
        ActorSystem<FleetGuardian.Protocol> system = ActorSystem.create(FleetGuardian.create(s,
                i -> relays.get(Math.min(relays.size() - 1, i / perConnection)), verifier, invoker, threads,
                clock), "gator-fleet", config.withValue("pekko.actor.provider",
                com.typesafe.config.ConfigValueFactory.fromAnyRef("local")));
        return new Running(system, relays, threads);
    }

    /** Each run first sleeps {@code latency} (interruptibly: a module timeout still cuts it). */
    static ModuleInvoker withLatency(ModuleInvoker modules, java.time.Duration latency) {
        if (latency.isZero() || latency.isNegative()) {
            return modules;
        }
        long ms = latency.toMillis();
        return (module, parameters) -> {
            Thread.sleep(ms);
            return modules.invoke(module, parameters);
        };
    }
}
