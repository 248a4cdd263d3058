package io.gator.agent.conformance;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.agent.module.ModuleRegistry;
import io.gator.agent.module.RegistryModules;
import io.gator.agent.verify.CommandRefusedException;
import io.gator.agent.verify.SignedCommandVerifier;
import io.gator.core.acl.Acl;
import io.gator.core.command.Command;
import io.gator.core.json.MigJson;
import io.gator.core.sign.Keyring;
import io.gator.core.sign.PgpVerifier;
import io.gator.core.testing.Fixtures;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import io.gator.agent.AgentGuardian;
import io.gator.relay.FakeRelay;
import io.gator.agent.config.AgentSettings;
import io.gator.core.agent.AgentEnv;
import io.gator.relay.MigTopology;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * MIG conformance, agent side: every command MIG's scheduler published, signed by alice with MIG's
 * own code, passes the Gator agent's gate (keyring alice.asc, MIG's agent ACL, the validity window
 * checked against a clock set to the command's time); the one signed by bob is refused as an unknown
 * signer. Result structures are checked module by module in FixtureStructureTest.
 */
class MigCommandFixturesTest {

    @TestFactory
    Stream<DynamicTest> migSignedCommandsPassTheGateAndBobsIsRefused() {
        Keyring alice = Keyring.ofArmored(Fixtures.read("mig-wire/keys/alice.asc"));
        Acl acl = Acl.parse(Fixtures.read("mig-wire/keys/agent-acl.json"));
        RegistryModules modules = new RegistryModules(ModuleRegistry.standard(), false, java.nio.file.Path.of("/"));
        return Fixtures.list("mig-wire/amqp", ".command.json").stream().map(p -> DynamicTest.dynamicTest(
                p.getFileName().toString(), () -> {
                    Command c = MigJson.read(Fixtures.read("mig-wire/amqp/" + p.getFileName()), Command.class);
                    Clock atCommandTime = Clock.fixed(c.startTime().toInstant(), ZoneOffset.UTC);
                    SignedCommandVerifier gate = new SignedCommandVerifier(new PgpVerifier(alice), acl, false, modules,
                            atCommandTime, Duration.ZERO);
                    Command expected = MigJson.read(Fixtures.read("mig-wire/amqp/"
                            + p.getFileName().toString().replace(".command.", ".result.")), Command.class);
                    if (expected.status().equals("failed")) {
                        CommandRefusedException e = assertThrows(CommandRefusedException.class, () -> gate.verify(c));
                        assertTrue(e.getMessage().startsWith("unknown signer"), e.getMessage());
                    } else {
                        assertDoesNotThrow(() -> gate.verify(c));
                    }
                    // the same command an hour later is refused as expired: the window is never switched off
                    SignedCommandVerifier later = new SignedCommandVerifier(new PgpVerifier(alice), acl, false, modules,
                            Clock.offset(atCommandTime, Duration.ofHours(1)), Duration.ZERO);
                    CommandRefusedException expired = assertThrows(CommandRefusedException.class, () -> later.verify(c));
                    assertEquals(true, expired.getMessage().startsWith("expired"), expired.getMessage());
                }));
    }

    @Test
    void bobsCommandThroughTheAgentIsAnsweredFailedWithTheReasonAndRunsNoModule() throws Exception {
        Command c = MigJson.read(Fixtures.read("mig-wire/amqp/14-signer-not-in-acl.command.json"), Command.class);
        Clock atCommandTime = Clock.fixed(c.startTime().toInstant(), ZoneOffset.UTC);
        RegistryModules modules = new RegistryModules(ModuleRegistry.standard(), false, java.nio.file.Path.of("/"));
        AtomicInteger invoked = new AtomicInteger();
        FakeRelay relay = new FakeRelay();
        ActorTestKit kit = ActorTestKit.create();
        try {
            SignedCommandVerifier gate = new SignedCommandVerifier(new PgpVerifier(Keyring.ofArmored(
                    Fixtures.read("mig-wire/keys/alice.asc"))), Acl.parse(Fixtures.read("mig-wire/keys/agent-acl.json")),
                    false, modules, atCommandTime, Duration.ZERO);
            AgentSettings settings = AgentSettings.from(com.typesafe.config.ConfigFactory.parseString(
                    "gator.agent.heartbeat-interval = 1h").withFallback(com.typesafe.config.ConfigFactory.load()));
            kit.spawn(AgentGuardian.create(new AgentGuardian.Parts(settings, "linux.vm", relay, gate, (m, p) -> {
                invoked.incrementAndGet();
                return modules.invoke(m, p);
            }, Executors.newCachedThreadPool(), () -> AgentEnv.EMPTY, "t", atCommandTime)));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!relay.subscribed() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            relay.deliver("bob", Fixtures.read("mig-wire/amqp/14-signer-not-in-acl.command.json").getBytes());
            Command answer = null;
            while (answer == null && System.nanoTime() < deadline) {
                answer = relay.published.stream().filter(m -> m.routingKey().equals(MigTopology.RESULTS))
                        .map(m -> MigJson.read(m.body(), Command.class)).findFirst().orElse(null);
                Thread.sleep(10);
            }
            assertTrue(answer != null, "no answer published");
            assertEquals("failed", answer.status());
            assertTrue(answer.results().get(0).errors().get(0).startsWith("unknown signer"), answer.results().toString());
            assertEquals(0, invoked.get(), "no module may run for a refused command");
        } finally {
            kit.shutdownTestKit();
        }
    }
}
