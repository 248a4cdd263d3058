package io.gator.agent.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.gator.agent.module.file.FileRunner;
import io.gator.agent.module.ping.PingRunner;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.module.ModuleDefinitions;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleRegistryTest {
    @Test
    void everySharedDefinitionHasARunnerFromConfig() {
        ModuleRegistry r = ModuleRegistry.fromConfig(ConfigFactory.load());
        assertEquals(ModuleDefinitions.names(), r.names());
        r.names().forEach(n -> assertEquals(n, r.find(n).orElseThrow().definition().name()));
    }

    @Test
    void aRunnerIsConfiguredFromItsOwnSectionOfTheAgentsModules() {
        ModuleRegistry r = ModuleRegistry.fromConfig(ConfigFactory.parseString(
                "gator.agent.modules.timedrift { servers = [\"127.0.0.1:9\"], server-timeout = 200ms }")
                .withFallback(ConfigFactory.load()));
        Result res = r.find("timedrift").orElseThrow().runJson(MigJson.tree("{\"drift\":\"1s\"}"), ModuleContext.defaults());
        assertEquals("127.0.0.1:9", res.statistics().path("ntpstats").get(0).path("host").asText(), res.toString());
    }

    @Test
    void aModuleWithTwoRunnersIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ModuleRegistry(List.of(new PingRunner(), new FileRunner(), new PingRunner())));
        assertTrue(e.getMessage().contains("'ping' has two runners"), e.getMessage());
    }

    @Test
    void invalidParametersGiveAFailedResultNamingTheField() {
        Result res = ModuleRegistry.standard().find("file").orElseThrow()
                .runJson(MigJson.tree("{\"searches\":{\"s1\":{\"paths\":[\"/tmp\"],\"mtimes\":[\"yesterday\"]}}}"),
                        ModuleContext.defaults());
        assertFalse(res.success());
        assertTrue(res.errors().get(0).contains("searches.s1.mtimes[0]"), res.errors().toString());
    }
}
