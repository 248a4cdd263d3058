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

    public Agent withQueueLoc(String q) {
        return new Agent(id, name, q, mode, version, pid, loaderName, startTime, destructionTime, heartbeatTs,
                refreshTs, status, authorized, environment, tags);
    }

    public Agent withIdAndStatus(long newId, String newStatus) {
        return new Agent(newId, name, queueLoc, mode, version, pid, loaderName, startTime, destructionTime,
                heartbeatTs, refreshTs, newStatus, authorized, environment, tags);
    }
}
