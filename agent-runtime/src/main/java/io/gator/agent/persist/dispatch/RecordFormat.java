package io.gator.agent.persist.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gator.core.agent.AgentEnv;
import io.gator.core.json.GoJson;
import io.gator.core.json.MigJson;
import io.gator.core.json.MigTime;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one alert into the body dispatch POSTs, byte for byte as MIG's Go encoder writes it:
 * {@code {"hostname":..,"environment":..,"tags":{..},"event":<the alert's JSON>}}, or, for MozDef, that record as
 * the {@code details} of a MozDef event.
 *
 * <p>An alert that is not JSON is shipped as a JSON string of its text. (MIG ignores the parse error and ships the
 * previous alert's event again, or {@code null} for the first one.)
 */
final class RecordFormat {
    private static final ObjectReader STRICT = MigJson.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String agentPart;
    private final Optional<MozdefSource> mozdef;
    private final Clock clock;

    /**
     * Where a MozDef event says it comes from: this host's name and this process.
     *
     * @param hostname    the host's own name (the OS's, as MozDef expects, not the agent's configured name)
     * @param processId   this process's id
     * @param processName what MozDef shows as the sending program
     */
    record MozdefSource(String hostname, long processId, String processName) {}

    RecordFormat(String hostname, AgentEnv environment, Map<String, String> tags, Optional<MozdefSource> mozdef,
                 Clock clock) {
        StringBuilder sb = new StringBuilder(512).append("{\"hostname\":");
        GoJson.writeString(hostname, sb);
        sb.append(",\"environment\":").append(MigJson.write(environment));
        ObjectNode tagTree = JsonNodeFactory.instance.objectNode();
        tags.forEach(tagTree::put);
        sb.append(",\"tags\":");
        GoJson.write(tagTree, sb);
        sb.append(",\"event\":");
        this.agentPart = sb.toString();
        this.mozdef = mozdef;
        this.clock = clock;
    }

    /** The body for one alert (a MozDef event stamped with the clock's time when {@code mozdef} is present). */
    String body(String alert) {
        StringBuilder sb = new StringBuilder(agentPart.length() + alert.length() + 320);
        mozdef.ifPresent(source -> {
            sb.append("{\"timestamp\":");
            GoJson.writeString(MigTime.format(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)), sb);
            sb.append(",\"category\":\"mig\",\"hostname\":");
            GoJson.writeString(source.hostname(), sb);
            sb.append(",\"processid\":").append(source.processId()).append(",\"processname\":");
            GoJson.writeString(source.processName(), sb);
            sb.append(",\"severity\":\"INFO\",\"source\":\"\",\"summary\":\"mig dispatch event\","
                    + "\"tags\":[\"mig-dispatch\"],\"details\":");
        });
        sb.append(agentPart);
        GoJson.write(event(alert), sb);
        sb.append('}');
        if (mozdef.isPresent()) {
            sb.append('}');
        }
        return sb.toString();
    }

    private static JsonNode event(String alert) {
        try {
            JsonNode tree = STRICT.readTree(alert);
            return tree == null || tree.isMissingNode() ? TextNode.valueOf(alert) : tree;
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(alert);
        }
    }
}
