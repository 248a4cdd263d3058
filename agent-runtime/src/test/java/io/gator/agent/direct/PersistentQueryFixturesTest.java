package io.gator.agent.direct;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.gator.agent.persist.ModuleSettings;
import io.gator.agent.persist.PersistentHostSettings;
import io.gator.agent.persist.PersistentModule;
import io.gator.agent.persist.PersistentModules;
import io.gator.agent.persist.fswatch.FswatchModule;
import io.gator.core.agent.AgentEnv;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.module.persist.PersistentQueryModule;
import io.gator.core.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mig-agent -m fswatch|audit|dispatch} as MIG's query process: every captured query message gives MIG's
 * output byte for byte and MIG's printout. The "running" cases query modules that run under a persistent-module
 * host listening on MIG's socket in a temporary run directory (the captured socket path is replaced by it).
 */
class PersistentQueryFixturesTest {
    private static final List<String> MODULES = List.of("fswatch", "audit", "dispatch");
    private static final ActorTestKit KIT = ActorTestKit.create();

    @TempDir
    static Path run;

    @BeforeAll
    static void startHost() throws Exception {
        Path watched = Files.createDirectories(run.resolve("watched"));
        List<PersistentModule> modules = List.of(new FswatchModule(), healthy("audit"), healthy("dispatch"));
        ActorRef<PersistentModules.Protocol> host = KIT.spawn(PersistentModules.create(new PersistentModules.Setup(modules,
                n -> n.equals("fswatch") ? ModuleSettings.of(Map.of("paths", Map.of("path",
                        List.of(watched.toString())))) : ModuleSettings.empty(),
                new PersistentHostSettings.Restart(Duration.ofMillis(100), Duration.ofSeconds(1), 0.1), "test-host",
                () -> AgentEnv.EMPTY, Map.of(), Clock.systemUTC(), Path.of("/"), Optional.of(run),
                Duration.ofSeconds(5))));
        TestProbe<Result> probe = KIT.createTestProbe();
        for (PersistentModule m : modules) {
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            do {
                host.tell(new PersistentModules.Ask(m.name(), MigJson.tree("{}"), probe.ref()));
            } while (!probe.receiveMessage().success() && System.nanoTime() < end);
        }
    }

    @Test
    void theSocketsAreTheOwnersOnly() throws IOException {
        for (String m : MODULES) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    run.resolve("persist-" + m + ".sock"))));
        }
    }

    @AfterAll
    static void stop() {
        KIT.shutdownTestKit();
    }

    /** A module that only answers queries, standing for audit and dispatch, which need the kernel or a collector. */
    private static PersistentModule healthy(String name) {
        return new PersistentModule() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Behavior<Message> create(io.gator.agent.persist.PersistentContext context) {
                return Behaviors.receive(Message.class).onMessage(Query.class, q -> {
                    q.replyTo().tell(PersistentQueryModule.ok());
                    return Behaviors.same();
                }).build();
            }
        };
    }

    @TestFactory
    Stream<DynamicTest> eachCapturedQueryGivesMigsOutputAndPrintout() {
        DirectModule direct = DirectModule.fromConfig(ConfigFactory.load());
        List<Path> cases = new ArrayList<>();
        for (String m : MODULES) {
            cases.addAll(Fixtures.list("mig-wire/modules/" + m, ".query-message.json"));
        }
        assertEquals(20, cases.size());
        return cases.stream().map(q -> DynamicTest.dynamicTest(q.getParent().getFileName() + "/" + q.getFileName(),
                () -> {
                    String module = q.getParent().getFileName().toString();
                    String base = q.toString().substring(0, q.toString().length() - ".query-message.json".length());
                    String stdin = Files.readString(q).replace("unix:/var/lib/mig/persist-" + module + ".sock",
                            "unix:" + run.resolve("persist-" + module + ".sock"));
                    DirectRun result = DirectRun.of(direct, module, false, stdin);
                    assertEquals(0, result.exitCode());
                    assertEquals(Files.readString(Path.of(base + ".result.json")), result.out());
                    assertEquals(Files.readString(Path.of(base + ".pretty.txt")),
                            DirectRun.of(direct, module, true, stdin).out());
                }));
    }
}
