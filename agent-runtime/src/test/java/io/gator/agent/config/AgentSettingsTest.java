package io.gator.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.gator.agent.AgentLauncher;
import io.gator.relay.FakeRelay;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad configuration stops the agent at start with a message naming the key. */
class AgentSettingsTest {

    private static ConfigException refused(String conf) {
        return assertThrows(ConfigException.class,
                () -> AgentSettings.from(ConfigFactory.parseString(conf).withFallback(ConfigFactory.load())));
    }

    @Test
    void defaultsAreMigs() {
        AgentSettings s = AgentSettings.from(ConfigFactory.load());
        assertEquals(Duration.ofSeconds(300), s.heartbeatInterval());
        assertEquals(Duration.ofSeconds(300), s.moduleTimeout());
        assertEquals(15, s.maxActions());
    }

    @Test
    void heartbeatStampIsUnderTheRunDirUnlessAbsoluteAndOffWhenEmpty() {
        AgentSettings rel = AgentSettings.from(ConfigFactory.parseString("gator.agent.run-dir = \"/srv/agent\"")
                .withFallback(ConfigFactory.load()));
        assertEquals(java.util.Optional.of(java.nio.file.Path.of("/srv/agent/heartbeat")), rel.heartbeatStamp());
        AgentSettings abs = AgentSettings.from(ConfigFactory.parseString("gator.agent.heartbeat-stamp = \"/run/hb\"")
                .withFallback(ConfigFactory.load()));
        assertEquals(java.util.Optional.of(java.nio.file.Path.of("/run/hb")), abs.heartbeatStamp());
        AgentSettings off = AgentSettings.from(ConfigFactory.parseString("gator.agent.heartbeat-stamp = \"\"")
                .withFallback(ConfigFactory.load()));
        assertEquals(java.util.Optional.empty(), off.heartbeatStamp());
    }

    @Test
    void badValuesNameTheirKey() {
        assertTrue(refused("gator.agent.max-actions = 0").getMessage().contains("gator.agent.max-actions"));
        assertTrue(refused("gator.agent.module-timeout = -1s").getMessage().contains("gator.agent.module-timeout"));
        assertTrue(refused("gator.agent.heartbeat-interval = often").getMessage().contains("heartbeat-interval"));
        assertTrue(refused("gator.agent.tags = 3").getMessage().contains("tags"));
        assertTrue(refused("gator.agent.remembered-commands = -1").getMessage()
                .contains("gator.agent.remembered-commands"));
        // durations a timer takes: beyond Pekko's scheduler range (about 248 days) they would fail at run time
        assertTrue(refused("gator.agent.module-timeout = 300d").getMessage().contains("gator.agent.module-timeout"));
        assertTrue(refused("gator.agent.heartbeat-interval = 3650d").getMessage().contains("heartbeat-interval"));
        assertTrue(refused("gator.agent.max-clock-skew = 100000d").getMessage().contains("max-clock-skew"));
        assertTrue(refused("gator.agent.max-parameters-size = 32MiB").getMessage().contains("max-parameters-size"));
        assertTrue(refused("gator.agent.max-command-size = 4GiB").getMessage().contains("max-command-size"));
        assertEquals(1536 * 1024, AgentSettings.from(ConfigFactory.load()).maxCommandBytes());
    }

    @Test
    void aMissingKeyringOrAclStopsTheStartNamingTheKey(@TempDir Path dir) {
        ConfigException keys = assertThrows(ConfigException.class, () -> AgentLauncher.parts(ConfigFactory.parseString(
                "gator.agent { keyring-dir = \"" + dir.resolve("nokeys") + "\", acl-file = \"" + dir.resolve("acl.json")
                        + "\", run-dir = \"" + dir + "\" }").withFallback(ConfigFactory.load()), new FakeRelay(),
                Clock.systemUTC()));
        assertTrue(keys.getMessage().contains("gator.agent.keyring-dir"), keys.getMessage());
    }
}
