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
        } finally {
            system.terminate();
        }
    }

    @Test
    void actorThreadsBelowOneIsRefusedNamingTheKey() {
        Config bad = ConfigFactory.parseString("gator.agent.actor-threads = 0").withFallback(ConfigFactory.load());
        ConfigException e = assertThrows(ConfigException.class, () -> AgentLauncher.actorSystemConfig(bad));
        assertTrue(e.getMessage().contains("gator.agent.actor-threads"), e.getMessage());
    }
}
