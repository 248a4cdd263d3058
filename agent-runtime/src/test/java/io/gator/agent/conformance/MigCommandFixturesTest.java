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
import org.junit.jupiter.api.DynamicTest;
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
}
