package io.gator.core.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.gator.core.json.MigTime;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;

/**
 * An agent as MIG's {@code mig.Agent}: the legacy AMQP heartbeat body, the agent inside a Command,
 * and a row of the agent directory. Tags are kept sorted, as Go writes maps.
 */
@JsonPropertyOrder({"id", "name", "queueloc", "mode", "version", "pid", "loadername", "starttime",
        "destructiontime", "heartbeatts", "refreshts", "status", "authorized", "environment", "tags"})
public record Agent(
        @JsonInclude(Include.NON_DEFAULT) long id,
        String name,
        @JsonProperty("queueloc") String queueLoc,
        String mode,
        @JsonInclude(Include.NON_EMPTY) String version,
        @JsonInclude(Include.NON_DEFAULT) long pid,
        @JsonProperty("loadername") @JsonInclude(Include.NON_EMPTY) String loaderName,
        @JsonProperty("starttime") OffsetDateTime startTime,
        @JsonProperty("destructiontime") OffsetDateTime destructionTime,
        @JsonProperty("heartbeatts") OffsetDateTime heartbeatTs,
        @JsonProperty("refreshts") OffsetDateTime refreshTs,
        @JsonInclude(Include.NON_EMPTY) String status,
        @JsonInclude(Include.NON_DEFAULT) boolean authorized,
        AgentEnv environment,
        @JsonInclude(Include.NON_EMPTY) Map<String, String> tags) {

    public Agent {
        name = name == null ? "" : name;
        queueLoc = queueLoc == null ? "" : queueLoc;
        mode = mode == null ? "" : mode;
        version = version == null ? "" : version;
        loaderName = loaderName == null ? "" : loaderName;
        startTime = startTime == null ? MigTime.ZERO : startTime;
        destructionTime = destructionTime == null ? MigTime.ZERO : destructionTime;
        heartbeatTs = heartbeatTs == null ? MigTime.ZERO : heartbeatTs;
        refreshTs = refreshTs == null ? MigTime.ZERO : refreshTs;
        status = status == null ? "" : status;
        environment = environment == null ? AgentEnv.EMPTY : environment;
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    /** An agent known only by name and queue (no id yet, every other field empty), to fill in with the withers. */
    public static Agent of(String name, String queueLoc) {
        return new Agent(0, name, queueLoc, "", "", 0, "", MigTime.ZERO, MigTime.ZERO, MigTime.ZERO, MigTime.ZERO, "",
                false, AgentEnv.EMPTY, Map.of());
    }

    public Agent withId(long newId) {
        return edit(e -> e.id = newId);
    }

    public Agent withQueueLoc(String q) {
        return edit(e -> e.queueLoc = q);
    }

    public Agent withMode(String newMode) {
        return edit(e -> e.mode = newMode);
    }

    /** The agent's build ({@code version}) and process ({@code pid}), which a heartbeat always carries together. */
    public Agent withProcess(String newVersion, long newPid) {
        return edit(e -> {
            e.version = newVersion;
            e.pid = newPid;
        });
    }

    public Agent withLoaderName(String newLoaderName) {
        return edit(e -> e.loaderName = newLoaderName);
    }

    /** When the agent process started, when it last sent a heartbeat, and when it last refreshed its environment. */
    public Agent withTimes(OffsetDateTime started, OffsetDateTime heartbeat, OffsetDateTime refreshed) {
        return edit(e -> {
            e.startTime = started;
            e.heartbeatTs = heartbeat;
            e.refreshTs = refreshed;
        });
    }

    public Agent withStatus(String newStatus) {
        return edit(e -> e.status = newStatus);
    }

    public Agent withIdAndStatus(long newId, String newStatus) {
        return edit(e -> {
            e.id = newId;
            e.status = newStatus;
        });
    }

    public Agent withEnvironment(AgentEnv newEnvironment) {
        return edit(e -> e.environment = newEnvironment);
    }

    public Agent withTags(Map<String, String> newTags) {
        return edit(e -> e.tags = newTags);
    }

    /** A copy of this agent with the fields {@code change} sets; the withers' one place to list all 15 fields. */
    private Agent edit(java.util.function.Consumer<Edit> change) {
        Edit e = new Edit(this);
        change.accept(e);
        return new Agent(e.id, e.name, e.queueLoc, e.mode, e.version, e.pid, e.loaderName, e.startTime,
                e.destructionTime, e.heartbeatTs, e.refreshTs, e.status, e.authorized, e.environment, e.tags);
    }

    /** The fields of an agent being copied with changes. */
    private static final class Edit {
        long id;
        String name;
        String queueLoc;
        String mode;
        String version;
        long pid;
        String loaderName;
        OffsetDateTime startTime;
        OffsetDateTime destructionTime;
        OffsetDateTime heartbeatTs;
        OffsetDateTime refreshTs;
        String status;
        boolean authorized;
        AgentEnv environment;
        Map<String, String> tags;

        Edit(Agent a) {
            id = a.id;
            name = a.name;
            queueLoc = a.queueLoc;
            mode = a.mode;
            version = a.version;
            pid = a.pid;
            loaderName = a.loaderName;
            startTime = a.startTime;
            destructionTime = a.destructionTime;
            heartbeatTs = a.heartbeatTs;
            refreshTs = a.refreshTs;
            status = a.status;
            authorized = a.authorized;
            environment = a.environment;
            tags = a.tags;
        }
    }
}
