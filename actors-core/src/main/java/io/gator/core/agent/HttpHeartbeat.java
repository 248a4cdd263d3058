package io.gator.core.agent;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.gator.core.json.MigTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The heartbeat the last MIG agents POST to {@code /api/v1/heartbeat} (camelCase, tags as a list).
 * {@link #missingFields()} names what MIG's API requires and the body lacks.
 */
@JsonPropertyOrder({"name", "mode", "version", "pid", "queueLoc", "startTime", "refreshTime", "environment", "tags"})
public record HttpHeartbeat(String name, String mode, String version, long pid,
                            @JsonProperty("queueLoc") String queueLoc,
                            @JsonProperty("startTime") OffsetDateTime startTime,
                            @JsonProperty("refreshTime") OffsetDateTime refreshTime,
                            Env environment, List<Tag> tags) {

    public HttpHeartbeat {
        name = name == null ? "" : name;
        mode = mode == null ? "" : mode;
        version = version == null ? "" : version;
        queueLoc = queueLoc == null ? "" : queueLoc;
        startTime = startTime == null ? MigTime.ZERO : startTime;
        refreshTime = refreshTime == null ? MigTime.ZERO : refreshTime;
        environment = environment == null ? new Env("", "", "", "", false, "", List.of(), "", List.of()) : environment;
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** The camelCase environment. */
    @JsonPropertyOrder({"init", "ident", "os", "arch", "isProxied", "proxy", "addresses", "publicIP", "modules"})
    public record Env(String init, String ident, String os, String arch,
                      @JsonProperty("isProxied") boolean isProxied, String proxy, List<String> addresses,
                      @JsonProperty("publicIP") String publicIp, List<String> modules) {
        public Env {
            init = init == null ? "" : init;
            ident = ident == null ? "" : ident;
            os = os == null ? "" : os;
            arch = arch == null ? "" : arch;
            proxy = proxy == null ? "" : proxy;
            addresses = addresses == null ? List.of() : List.copyOf(addresses);
            publicIp = publicIp == null ? "" : publicIp;
            modules = modules == null ? List.of() : List.copyOf(modules);
        }
    }

    /** One tag. */
    public record Tag(String name, String value) {
        public Tag {
            name = name == null ? "" : name;
            value = value == null ? "" : value;
        }
    }

    /** The required fields that are missing, in MIG's order (empty when the heartbeat is complete). */
    public List<String> missingFields() {
        List<String> missing = new ArrayList<>();
        if (name.isEmpty()) {
            missing.add("name");
        }
        if (mode.isEmpty()) {
            missing.add("mode");
        }
        if (version.isEmpty()) {
            missing.add("version");
        }
        if (pid == 0) {
            missing.add("pid");
        }
        if (queueLoc.isEmpty()) {
            missing.add("queueLoc");
        }
        if (environment.init().isEmpty()) {
            missing.add("environment.init");
        }
        if (environment.ident().isEmpty()) {
            missing.add("environment.ident");
        }
        if (environment.os().isEmpty()) {
            missing.add("environment.os");
        }
        if (environment.arch().isEmpty()) {
            missing.add("environment.arch");
        }
        if (environment.publicIp().isEmpty()) {
            missing.add("environment.publicIP");
        }
        return missing;
    }

    /** The same heartbeat as a {@code mig.Agent} (the directory's shape); AWS data is not carried on this path. */
    public Agent toAgent(OffsetDateTime receivedAt) {
        Map<String, String> tagMap = new TreeMap<>();
        tags.forEach(t -> tagMap.put(t.name(), t.value()));
        AgentEnv env = new AgentEnv(environment.init(), environment.ident(), environment.os(), environment.arch(),
                environment.isProxied(), environment.proxy(), environment.addresses(), environment.publicIp(),
                AwsEnv.EMPTY, environment.modules());
        return Agent.of(name, queueLoc).withMode(mode).withProcess(version, pid)
                .withTimes(startTime, receivedAt, refreshTime).withEnvironment(env).withTags(tagMap);
    }
}
