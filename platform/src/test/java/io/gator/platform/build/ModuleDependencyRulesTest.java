package io.gator.platform.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The modules' dependency rules, checked on the poms of every module the parent pom lists (a module added later
 * is checked too): the shared core depends on no other module, the agent never reaches the server side, the
 * investigator's CLI needs only the core, the API never runs agent code, and nothing depends on the launchers.
 * Main code only (test-scoped dependencies are free), and transitively: a module that depends on an allowed one
 * reaches whatever that one depends on.
 */
class ModuleDependencyRulesTest {

    static final Path ROOT = Path.of(System.getProperty("basedir", ".")).resolve("..").toAbsolutePath().normalize();

    /** A module may reach only {@code allowed}, if given, and never {@code forbidden}. */
    record Rule(String module, Set<String> allowed, Set<String> forbidden, String why) {
        static Rule only(String module, Set<String> allowed, String why) {
            return new Rule(module, allowed, null, why);
        }

        static Rule never(String module, Set<String> forbidden, String why) {
            return new Rule(module, null, forbidden, why);
        }

        /** The modules {@code reached} that break this rule. */
        Set<String> broken(Set<String> reached) {
            Set<String> out = new TreeSet<>();
            for (String m : reached) {
                if ((allowed != null && !allowed.contains(m)) || (forbidden != null && forbidden.contains(m))) {
                    out.add(m);
                }
            }
            return out;
        }
    }

    static final List<Rule> RULES = List.of(
            Rule.only("actors-core", Set.of(), "the MIG model every other module shares"),
            Rule.never("agent-runtime", Set.of("persistence", "scheduler-cluster", "api-gateway"),
                    "an agent on an endpoint talks to the relay only, never to the database or the cluster"),
            Rule.only("investigator-cli", Set.of("actors-core"),
                    "the CLI talks to the API over HTTP, like MIG's"),
            Rule.never("api-gateway", Set.of("agent-runtime"), "the API never runs agent code"),
            Rule.only("web-console", Set.of(), "browser code only: what it needs comes from npm, not from the server"));

    /** The launchers: they wire the modules together, so no module may depend on them. */
    static final Set<String> LAUNCHERS = Set.of("platform");

    static List<String> violations(ModuleGraph graph) {
        List<String> out = new ArrayList<>();
        for (Rule r : RULES) {
            Set<String> broken = r.broken(graph.reachable(r.module()));
            if (!broken.isEmpty()) {
                out.add(r.module() + " depends on " + broken + " (" + r.why() + ")");
            }
        }
        for (String module : graph.direct().keySet()) {
            Set<String> launchers = new TreeSet<>(graph.reachable(module));
            launchers.retainAll(LAUNCHERS);
            if (!launchers.isEmpty()) {
                out.add(module + " depends on the launcher " + launchers);
            }
        }
        return out;
    }

    @Test
    void everyModuleOfTheParentPomKeepsTheDependencyRules() throws Exception {
        ModuleGraph graph = ModuleGraph.read(ROOT);
        for (Rule r : RULES) {
            assertTrue(graph.direct().containsKey(r.module()), "a rule names " + r.module()
                    + ", which the parent pom does not list: " + graph.direct().keySet());
        }
        assertEquals(List.of(), violations(graph));
    }

    @Test
    void theReadGraphHasTheModulesKnownDependencies() throws Exception {
        ModuleGraph graph = ModuleGraph.read(ROOT);
        assertEquals(Set.of(), graph.direct().get("actors-core"));
        assertTrue(graph.direct().get("platform").containsAll(Set.of("actors-core", "scheduler-cluster",
                "api-gateway", "agent-runtime", "investigator-cli")), graph.direct().toString());
        assertTrue(graph.reachable("api-gateway").contains("actors-core"), "through its direct dependencies");
        assertTrue(graph.direct().get("scheduler-cluster").stream().noneMatch("agent-runtime"::equals),
                "scheduler-cluster's tests use agent-runtime; its main code does not");
    }

    @Test
    void aForbiddenDependencyEvenThroughAnotherModuleIsReported() {
        ModuleGraph graph = new ModuleGraph(Map.of(
                "actors-core", Set.of(),
                "persistence", Set.of("actors-core"),
                "scheduler-cluster", Set.of("actors-core", "persistence"),
                "api-gateway", Set.of("scheduler-cluster"),
                "amqp-connector", Set.of("actors-core", "persistence"),
                "agent-runtime", Set.of("actors-core", "amqp-connector"),
                "investigator-cli", Set.of("actors-core", "amqp-connector"),
                "platform", Set.of("api-gateway", "agent-runtime", "investigator-cli")));
        assertEquals(List.of(
                "agent-runtime depends on [persistence] (" + RULES.get(1).why() + ")",
                "investigator-cli depends on [amqp-connector, persistence] (" + RULES.get(2).why() + ")"),
                violations(graph));
    }
}
