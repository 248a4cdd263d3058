package io.gator.api.backend;

import io.gator.core.action.Action;

import java.util.List;

/** MIG's dashboard: the latest agent statistics and the latest actions (at most 10, newest first). */
public record DashboardStats(long onlineAgents, List<VersionCount> onlineAgentsByVersion, long onlineEndpoints,
                             long idleAgents, List<VersionCount> idleAgentsByVersion, long idleEndpoints,
                             long newEndpoints, long multiAgentEndpoints, long disappearedEndpoints,
                             long flappingEndpoints, List<Action> latestActions) {

    public DashboardStats {
        onlineAgentsByVersion = onlineAgentsByVersion == null ? List.of() : List.copyOf(onlineAgentsByVersion);
        idleAgentsByVersion = idleAgentsByVersion == null ? List.of() : List.copyOf(idleAgentsByVersion);
        latestActions = latestActions == null ? List.of() : List.copyOf(latestActions);
    }

    /** Agents of one version. */
    public record VersionCount(String version, long count) {
        public VersionCount {
            version = version == null ? "" : version;
        }
    }
}
