package io.gator.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.gator.platform.broker.BrokerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The operator files under config/ parse and say what they must. */
class ConfigFilesTest {

    static final Path CONFIG = Path.of(System.getProperty("basedir", ".")).resolve("../config").normalize();

    private static List<Path> confFiles() throws Exception {
        try (Stream<Path> files = Files.list(CONFIG)) {
            return files.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
    }

    @Test
    void everyConfFileParsesAndResolvesOverTheReferenceConfs() throws Exception {
        List<Path> files = confFiles();
        Set<String> names = new HashSet<>();
        for (Path f : files) {
            names.add(f.getFileName().toString());
            Config parsed = ConfigFactory.parseFile(f.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            assertTrue(parsed.hasPath("gator"), f + " configures nothing under gator");
            Config resolved = ConfigFactory.load(parsed);
            assertTrue(resolved.getConfig("gator").root().size() > 0, f.toString());
        }
        assertTrue(names.containsAll(Set.of("scheduler.conf", "api.conf", "standalone.conf", "fleet.conf", "agent.conf")),
                "missing role files among " + names);
    }

    @Test
    void noConfFileHoldsAPasswordOtherThanAPlaceholder() throws Exception {
        Pattern secretInUri = Pattern.compile("amqps?://[^:/\"]+:([^@\"]*)@");
        for (Path f : confFiles()) {
            var m = secretInUri.matcher(Files.readString(f));
            while (m.find()) {
                assertEquals("CHANGE-ME", m.group(1), f + " has a password in a URI");
            }
            Config c = ConfigFactory.parseFile(f.toFile()).resolve();
            if (c.hasPath("gator.persistence.password")) {
                assertEquals("", c.getString("gator.persistence.password").replace("CHANGE-ME", ""), f.toString());
            }
        }
    }

    @Test
    void standaloneConfigGivesAValidEmbeddedBrokerOnLoopback() throws Exception {
        Config c = ConfigFactory.load(ConfigFactory.parseFile(CONFIG.resolve("standalone.conf").toFile()));
        BrokerSettings s = BrokerSettings.fromConfig(c);
        assertTrue(s.dataDir().isPresent());
        assertEquals("mig", s.vhost());
        assertNotEquals(BrokerSettings.RABBITMQ_DIST_PORT, s.port());
    }

    @Test
    void rabbitDefinitionsHaveMigUsersWithMigsPermissionsAndNoGuest() throws Exception {
        JsonNode defs = new ObjectMapper().readTree(CONFIG.resolve("rabbitmq/definitions.json").toFile());
        Set<String> users = new HashSet<>();
        for (JsonNode u : defs.get("users")) {
            String name = u.get("name").asText();
            assertNotEquals("guest", name);
            assertEquals("", u.path("password_hash").asText("missing"), name + ": no password or hash in the repo");
            assertFalse(u.has("password"), name + ": no clear password in the repo");
            users.add(name);
        }
        assertEquals(Set.of("admin", "scheduler", "agent", "worker"), users);
        assertEquals("mig", defs.get("vhosts").get(0).get("name").asText());

        int checked = 0;
        for (JsonNode p : defs.get("permissions")) {
            assertNotEquals("guest", p.get("user").asText());
            assertTrue(users.contains(p.get("user").asText()));
            assertEquals("mig", p.get("vhost").asText());
            for (String kind : List.of("configure", "write", "read")) {
                Pattern.compile(p.get(kind).asText()); // throws on a regex Java cannot compile
                checked++;
            }
        }
        assertEquals(9, checked);
        JsonNode agent = permission(defs, "agent");
        assertTrue(matches(agent, "configure", "mig.agt.linux.abc123"));
        assertFalse(matches(agent, "configure", "toagents"), "agents never configure exchanges");
        assertTrue(matches(agent, "write", "toschedulers"));
        assertFalse(matches(agent, "write", "toagents"), "agents cannot send commands to other agents");
        JsonNode scheduler = permission(defs, "scheduler");
        assertTrue(matches(scheduler, "write", "toagents"));
        assertTrue(matches(scheduler, "read", "mig.agt.results"));
        assertFalse(matches(scheduler, "read", "mig.agt.linux.abc123"), "schedulers do not read agent queues");
    }

    private static JsonNode permission(JsonNode defs, String user) {
        for (JsonNode p : defs.get("permissions")) {
            if (p.get("user").asText().equals(user)) {
                return p;
            }
        }
        throw new AssertionError("no permissions for " + user);
    }

    private static boolean matches(JsonNode permission, String kind, String resource) {
        return Pattern.compile(permission.get(kind).asText()).matcher(resource).find();
    }
}
