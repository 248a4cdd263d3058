package io.gator.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class AgentLauncherTest {

    @Test
    void theAgentsActorSystemIsLocalSmallAndWithoutJacksonSerializers() {
        Config cluster = ConfigFactory.parseString("pekko.actor.provider = cluster\n"
                + "pekko.actor.serialization-bindings { \"io.gator.core.agent.Agent\" = jackson-cbor, \"java.lang.String\" = java }")
                .withFallback(ConfigFactory.load());
        assertTrue(cluster.getObject("pekko.actor.serializers").containsKey("jackson-json"), "reference.conf has them");
        Config agent = AgentLauncher.actorSystemConfig(cluster);
        assertEquals("local", agent.getString("pekko.actor.provider"));
        assertEquals(2, agent.getInt("pekko.actor.default-dispatcher.fork-join-executor.parallelism-max"));
        assertEquals(2, agent.getInt("pekko.actor.default-dispatcher.fork-join-executor.parallelism-min"));
        // as Pekko reads it: with every reference.conf as fallback again
        Config effective = agent.withFallback(ConfigFactory.defaultReference());
        var serializers = effective.getObject("pekko.actor.serializers").unwrapped();
        assertFalse(serializers.values().stream().anyMatch(v -> String.valueOf(v).contains(".jackson.")),
                serializers.toString());
        assertEquals(AgentLauncher.STAND_IN_SERIALIZER, serializers.get("jackson-json"));
        assertEquals("org.apache.pekko.serialization.JavaSerializer", serializers.get("java"), "Pekko's own stay");
        var bindings = effective.getObject("pekko.actor.serialization-bindings").unwrapped();
        assertEquals("java", bindings.get("io.gator.core.agent.Agent"), "a binding to a Jackson serializer is redirected");
        assertEquals("java", bindings.get("java.lang.String"));
        // nothing of Pekko Streams at start: no materializer extension, stream-ref bindings skipped
        assertTrue(effective.getStringList("pekko.library-extensions").stream()
                .noneMatch(e -> e.startsWith("org.apache.pekko.stream.")), effective.getStringList("pekko.library-extensions").toString());
        assertTrue(cluster.getStringList("pekko.library-extensions").contains("org.apache.pekko.stream.SystemMaterializer$"),
                "reference.conf starts it");
        assertEquals("none", bindings.get("org.apache.pekko.stream.SinkRef"));
        assertEquals(AgentLauncher.STAND_IN_SERIALIZER, serializers.get("pekko-stream-ref"));
        // and Pekko accepts it
        org.apache.pekko.actor.typed.ActorSystem<Void> system = org.apache.pekko.actor.typed.ActorSystem.create(
                org.apache.pekko.actor.typed.javadsl.Behaviors.empty(), "agent-config-test", agent);
        try {
            var it = org.apache.pekko.serialization.SerializationExtension.get(system).serializerByIdentity()
                    .valuesIterator();
            int n = 0;
            while (it.hasNext()) {
                String cls = it.next().getClass().getName();
                assertFalse(cls.contains(".jackson."), cls);
                n++;
            }
            assertTrue(n > 0, "Pekko's own serializers are there");
            assertEquals("pekko.actor.default-dispatcher", agent.getString("pekko.actor.internal-dispatcher"));
            assertTrue(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .noneMatch(t -> t.startsWith("agent-config-test-pekko.actor.internal-dispatcher")),
                    "internal actors run on the default dispatcher");
            assertFalse(system.classicSystem().hasExtension(org.apache.pekko.stream.SystemMaterializer.lookup()),
                    "no stream materializer started");
        } finally {
            system.terminate();
        }
    }

    @Test
    void theAgentsRelayIsLeanWhateverTheSchedulersSettings() {
        Config config = ConfigFactory.parseString("gator.relay.amqp.publish-channels = 8")
                .withFallback(ConfigFactory.load());
        io.gator.relay.amqp.AmqpSettings s = AgentMain.relaySettings(config);
        assertEquals(1, s.publishChannels());
        assertEquals(1, s.consumerThreads());
        assertEquals("gator-agent", s.connectionName());
        assertEquals(0, io.gator.relay.amqp.AmqpSettings.fromRoot(config).consumerThreads(), "others unchanged");
    }

    @Test
    void actorThreadsBelowOneIsRefusedNamingTheKey() {
        Config bad = ConfigFactory.parseString("gator.agent.actor-threads = 0").withFallback(ConfigFactory.load());
        ConfigException e = assertThrows(ConfigException.class, () -> AgentLauncher.actorSystemConfig(bad));
        assertTrue(e.getMessage().contains("gator.agent.actor-threads"), e.getMessage());
    }
}
