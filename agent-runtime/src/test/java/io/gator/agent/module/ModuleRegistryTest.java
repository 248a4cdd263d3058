package io.gator.agent.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.module.ModuleDefinitions;
import org.junit.jupiter.api.Test;

class ModuleRegistryTest {
    @Test
    void everySharedDefinitionHasARunnerFromConfig() {
        ModuleRegistry r = ModuleRegistry.fromConfig(ConfigFactory.load());
        assertEquals(ModuleDefinitions.names(), r.names());
        r.names().forEach(n -> assertEquals(n, r.find(n).orElseThrow().definition().name()));
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
