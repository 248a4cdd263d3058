package io.gator.core.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.command.Command;
import io.gator.core.json.MigJson;
import io.gator.core.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every target real MIG carried in the fixtures parses, compiles and selects the agent MIG sent it to. */
class TargetFixturesTest {
    private static final Pattern TARGET = Pattern.compile("\"target\"\\s*:\\s*\"((?:\\\\.|[^\"\\\\])*)\"");

    private static Set<String> fixtureTargets() throws IOException {
        Set<String> out = new TreeSet<>();
        for (String dir : List.of("actions", "mig-wire")) {
            try (Stream<Path> files = Files.walk(Fixtures.path(dir))) {
                // mig-loader manifests carry their own target, raw SQL over MIG's agents table, not an action target
                for (Path f : files.filter(Files::isRegularFile)
                        .filter(f -> !f.toString().contains("loader-runner")).toList()) {
                    // binary fixtures (yara samples, loader tarballs) decode with replacement characters and hold no target
                    Matcher m = TARGET.matcher(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
                    while (m.find()) {
                        String target = MigJson.mapper().readValue("\"" + m.group(1) + "\"", String.class);
                        if (!target.isEmpty()) { // empty "target" is the API's unused search filter
                            out.add(target);
                        }
                    }
                }
            }
        }
        return out;
    }

    @Test
    void everyFixtureTargetParsesAndCompilesForBothDialects() throws IOException {
        Set<String> targets = fixtureTargets();
        assertTrue(targets.containsAll(List.of("status='online'", "environment->>'os'='linux'",
                "queueloc LIKE 'linux.%' AND environment->>'ident' ILIKE '%ubuntu%'", "name='vm' AND pid=28249")),
                targets.toString());
        for (String text : targets) {
            Target t = Target.parse(text);
            assertEquals(t, Target.parse(t.toString()), text);
            for (SqlDialect d : SqlDialect.values()) {
                SqlWhere w = t.toSql(d, TestAgents.CLOCK);
                assertFalse(w.sql().contains("'"), w.sql());
                assertFalse(w.params().isEmpty(), w.sql());
            }
        }
    }

    @Test
    void eachFixtureCommandsAgentMatchesItsActionsTarget() throws IOException {
        List<Path> commands = Fixtures.list("mig-wire/amqp", ".command.json");
        assertTrue(commands.size() >= 10, commands.toString());
        int pidTargets = 0;
        for (Path f : commands) {
            Command c = MigJson.read(Files.readString(f), Command.class);
            Target t = Target.parse(c.action().target());
            assertTrue(t.toPredicate(TestAgents.CLOCK).test(c.agent()), f + ": " + c.action().target());
            if (c.action().target().contains("pid=")) {
                pidTargets++;
                // The same target must not select the agent with another pid.
                var other = new io.gator.core.agent.Agent(c.agent().id(), c.agent().name(), c.agent().queueLoc(),
                        c.agent().mode(), c.agent().version(), c.agent().pid() + 1, "", c.agent().startTime(),
                        c.agent().destructionTime(), c.agent().heartbeatTs(), c.agent().refreshTs(),
                        c.agent().status(), false, c.agent().environment(), c.agent().tags());
                assertFalse(t.toPredicate(TestAgents.CLOCK).test(other), f.toString());
            }
        }
        assertTrue(pidTargets > 0, "fixture with a pid target");
    }
}
