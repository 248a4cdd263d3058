package io.gator.core.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.module.file.FileModule;
import io.gator.core.module.ping.PingModule;
import io.gator.core.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModuleDefinitionsTest {
    @Test
    void theModulesAreFoundOnTheClassPath() {
        assertEquals(Set.of("agentdestroy", "audit", "dispatch", "file", "fswatch", "memory", "netstat", "ping", "pkg",
                "scribe", "sshkey", "timedrift", "yara"),
                ModuleDefinitions.names());
        assertEquals("module", assertThrows(InvalidParametersException.class, () -> ModuleDefinitions.get("nosuchmodule")).field());
    }

    @Test
    void aModuleNameDefinedTwiceIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ModuleDefinitions.byName(List.of(new PingModule(), new FileModule(), new PingModule())));
        assertTrue(e.getMessage().contains("'ping' is defined twice"), e.getMessage());
    }

    @Test
    void everyModuleButAgentdestroyIsLaunchedWithFlags() {
        for (String name : ModuleDefinitions.names()) {
            assertEquals(!name.equals("agentdestroy"), ModuleDefinitions.get(name).flags().isPresent(), name);
        }
    }

    @Test
    void everyFixtureParametersParseAndRoundTrip() {
        for (Path p : Fixtures.list("mig-wire/amqp", ".command.json")) {
            JsonNode op = MigJson.tree(Fixtures.read("mig-wire/amqp/" + p.getFileName())).path("action").path("operations").get(0);
            roundTrip(ModuleDefinitions.get(op.path("module").asText()), op.path("parameters"));
        }
    }

    private static <P> void roundTrip(ModuleDefinition<P> d, JsonNode params) {
        P parsed = d.parse(params);
        assertEquals(parsed, d.parse(d.toJson(parsed)), d.name());
    }

    @Test
    void badParametersNameTheField() {
        record Case(String module, String json, String field) {}
        for (Case c : List.of(
                new Case("file", "{\"searches\":{\"s1\":{\"paths\":[\"/\"],\"options\":{\"mismatch\":[\"colour\"]}}}}", "searches.s1.options.mismatch[0]"),
                new Case("file", "{\"searches\":{\"s1\":{\"paths\":[\"/\"],\"options\":{\"maxdepth\":-1}}}}", "searches.s1.options.maxdepth"),
                new Case("file", "{\"searches\":{}}", "searches"),
                new Case("memory", "{\"searches\":{\"s1\":{\"bytes\":[\"xyz\"]}}}", "searches.s1.bytes[0]"),
                new Case("pkg", "{\"pkgmatch\":{\"matches\":[\"(\"]}}", "pkgmatch.matches[0]"),
                new Case("timedrift", "{\"drift\":\"five\"}", "drift"),
                new Case("ping", "{\"destination\":\"127.0.0.1\",\"protocol\":\"sctp\"}", "protocol"),
                new Case("ping", "{\"destination\":\"127.0.0.1\",\"protocol\":\"tcp\"}", "destinationport"),
                new Case("agentdestroy", "{\"pid\":1234}", "version"),
                new Case("netstat", "{\"localmac\":[\"[\"]}", "localmac[0]"),
                new Case("sshkey", "{\"maxdepth\":1001}", "maxdepth"))) {
            InvalidParametersException e = assertThrows(InvalidParametersException.class,
                    () -> ModuleDefinitions.get(c.module()).parse(MigJson.tree(c.json())), c.json());
            assertEquals(c.field(), e.field(), c.json());
            assertTrue(e.getMessage().contains(c.field()));
        }
    }

    @Test
    void showSelectsFoundNotFoundOrAll() {
        ResultPrinter printer = ModuleDefinitions.get("pkg").printer();
        Result found = new Result(true, true, MigJson.tree("{\"packages\":[{\"name\":\"a\",\"version\":\"1\",\"type\":\"dpkg\",\"arch\":\"all\"}]}"),
                MigJson.tree("{\"execruntime\":\"1ms\"}"), List.of());
        Result none = new Result(false, true, MigJson.tree("{\"packages\":null}"), MigJson.tree("{\"execruntime\":\"1ms\"}"), List.of());
        assertEquals(List.of("pkgmatch name=a version=1 type=dpkg arch=all"), printer.lines(found, Show.FOUND));
        assertEquals(List.of(), printer.lines(none, Show.FOUND));
        assertEquals(List.of(), printer.lines(found, Show.NOTFOUND));
        assertEquals(List.of("Statistics: runtime 1ms"), printer.lines(none, Show.NOTFOUND));
        assertEquals(List.of("pkgmatch name=a version=1 type=dpkg arch=all", "Statistics: runtime 1ms"), printer.lines(found, Show.ALL));
    }
}
