package io.gator.agent.module.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.agent.AgentLauncher;
import io.gator.core.action.Action;
import io.gator.core.action.Operation;
import io.gator.core.action.SignedString;
import io.gator.core.command.Command;
import io.gator.core.json.MigJson;
import io.gator.core.module.ModuleDefinitions;
import io.gator.relay.FakeRelay;
import io.gator.relay.MigTopology;
import io.gator.core.sign.KeyGen;
import io.gator.core.sign.PgpSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module added by its own classes and two services lines (this test tree's META-INF/services) is known to the
 * shared definitions and runs in the agent like MIG's own: a signed command in, its answer out.
 */
class EchoModuleEndToEndTest {

    @Test
    void aModuleRegisteredOnlyByItsServicesLinesRunsThroughTheAgentsCommandPath(@TempDir Path dir) throws Exception {
        assertTrue(ModuleDefinitions.find("echo").isPresent(), "definition found by ServiceLoader");
        KeyGen.GeneratedKey alice = KeyGen.rsa("alice <alice@example.net>", 2048);
        Files.createDirectories(dir.resolve("keys"));
        Files.writeString(dir.resolve("keys/alice.asc"), alice.armoredPublicKey());
        Files.writeString(dir.resolve("acl.json"), "{\"default\":{\"minimumweight\":1,\"investigators\":{\"alice\":"
                + "{\"fingerprint\":\"" + alice.fingerprint() + "\",\"weight\":1}}}}");
        Config config = ConfigFactory.parseString("gator.agent { name = \"echo-agent\", run-dir = \""
                        + dir.resolve("run") + "\", keyring-dir = \"" + dir.resolve("keys") + "\", acl-file = \""
                        + dir.resolve("acl.json") + "\", heartbeat-interval = 1h }")
                .withFallback(ConfigFactory.load());
        FakeRelay relay = new FakeRelay();
        AgentLauncher.Running agent = AgentLauncher.start(config, relay, Clock.systemUTC());
        try {
            await(relay::subscribed, "agent subscribed");
            relay.deliver("1", command(1, "{\"text\":\"hello from a test module\"}", alice));
            relay.deliver("2", command(2, "{\"text\":\"\"}", alice));
            Command echoed = answer(relay, 1);
            assertEquals("success", echoed.status());
            assertTrue(echoed.results().get(0).foundAnything());
            assertEquals("hello from a test module", echoed.results().get(0).elements().path("echo").asText());
            assertEquals(List.of("echo hello from a test module"),
                    ModuleDefinitions.get("echo").printer().print(echoed.results().get(0), true));
            // its own validation is the agent's gate, as for MIG's modules
            Command refused = answer(relay, 2);
            assertEquals("failed", refused.status());
            assertTrue(refused.results().get(0).errors().get(0).contains("'text'"), refused.results().toString());
        } finally {
            agent.stop();
        }
    }

    private static byte[] command(long id, String parameters, KeyGen.GeneratedKey signer) throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Action a = new Action(id * 100, "echo it", "status='online'", null, null, now.minusMinutes(1),
                now.plusMinutes(5), List.of(new Operation("echo", MigJson.tree(parameters))), null, null, null, null,
                null, null, null, 2);
        a = a.withSignatures(List.of(PgpSigner.of(signer).sign(SignedString.of(a))));
        return MigJson.writeBytes(new Command(id, a, null, "sent", null, now, null));
    }

    private static Command answer(FakeRelay relay, long id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Command> c = relay.published.stream().filter(m -> m.routingKey().equals(MigTopology.RESULTS))
                    .map(m -> MigJson.read(m.body(), Command.class)).filter(m -> m.id() == id).findFirst();
            if (c.isPresent()) {
                return c.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no answer to command " + id);
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
