package io.gator.agent.persist.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.agent.persist.ModuleSettings;
import io.gator.agent.persist.PersistentContext;
import io.gator.core.agent.AgentEnv;
import io.gator.core.json.MigJson;
import io.gator.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * One captured dispatch session of {@code mig-wire/modules/dispatch}: the config message the agent sent (settings,
 * host name, environment, tags), the alerts it sent, what the module logged and what the collector received.
 *
 * @param config      the {@code dispatch} section of the config message
 * @param posts       the POSTs the collector received ({@code .http-posts.json}; none when the file is absent)
 */
record CapturedSession(JsonNode config, String hostname, AgentEnv environment, Map<String, String> tags,
                       List<String> alerts, List<String> moduleLogs, List<TestCollector.Post> posts) {
    private static final String DIR = "mig-wire/modules/dispatch/";
    private static final String TO_MODULE = "agent->module stdin";
    private static final String FROM_MODULE = "module-stdout";

    static CapturedSession read(String scenario) {
        JsonNode configMessage = null;
        List<String> alerts = new ArrayList<>();
        List<String> logs = new ArrayList<>();
        for (String line : Fixtures.read(DIR + scenario + ".persist-session.log").split("\n")) {
            int to = line.indexOf(TO_MODULE);
            int from = line.indexOf(FROM_MODULE);
            if (to >= 0) {
                JsonNode m = MigJson.tree(line.substring(to + TO_MODULE.length()).trim());
                switch (m.path("class").asText()) {
                    case "config" -> configMessage = m.get("parameters");
                    case "alert" -> alerts.add(m.get("parameters").get("message").asText());
                    default -> { }
                }
            } else if (from >= 0) {
                JsonNode m = MigJson.tree(line.substring(from + FROM_MODULE.length()).trim());
                if (m.path("class").asText().equals("log")) {
                    logs.add(m.get("parameters").get("message").asText());
                }
            }
        }
        if (configMessage == null) {
            throw new AssertionError(scenario + ": no config message in the session log");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        configMessage.get("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        List<TestCollector.Post> posts = new ArrayList<>();
        Path postsFile = Fixtures.path(DIR + scenario + ".http-posts.json");
        if (Files.exists(postsFile)) {
            for (JsonNode p : MigJson.tree(Fixtures.read(DIR + scenario + ".http-posts.json"))) {
                posts.add(new TestCollector.Post(p.get("path").asText(), p.get("content_type").asText(),
                        p.get("body").asText()));
            }
        }
        return new CapturedSession(configMessage.get("config").get("dispatch"), configMessage.get("hostname").asText(),
                MigJson.mapper().convertValue(configMessage.get("environment"), AgentEnv.class), tags,
                List.copyOf(alerts), List.copyOf(logs), List.copyOf(posts));
    }

    /** The captured configuration as dispatch.cfg would give it, with the collector's URL in place of httpurl. */
    ModuleSettings settings(String httpUrl) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        config.fields().forEachRemaining(e -> keys.put(e.getKey(), List.of(e.getValue().asText())));
        keys.put("httpurl", List.of(httpUrl));
        return ModuleSettings.of(Map.of("dispatch", keys));
    }

    /** The context the host would give dispatch on the capture host; dispatch raises no alert of its own. */
    PersistentContext context(ModuleSettings settings, Logger log, Clock clock) {
        return new PersistentContext(DispatchModule.NAME, settings, alert -> {
            throw new AssertionError("dispatch raised an alert: " + alert);
        }, log, hostname, environment, tags, clock, Path.of("/"));
    }
}
