package io.gator.core.target;

import io.gator.core.agent.Agent;
import io.gator.core.agent.AgentEnv;
import io.gator.core.agent.AwsEnv;
import io.gator.core.json.MigTime;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** A handful of agents covering every column, NULL environment fields, tags and LIKE metacharacters. */
final class TestAgents {
    static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private TestAgents() {}

    static OffsetDateTime ago(long seconds) {
        return OffsetDateTime.ofInstant(NOW.minusSeconds(seconds), ZoneOffset.UTC);
    }

    static AgentEnv env(String init, String ident, String os, String arch, boolean proxied, String proxy,
                        List<String> addresses, String publicIp, List<String> modules) {
        return new AgentEnv(init, ident, os, arch, proxied, proxy, addresses, publicIp, AwsEnv.EMPTY, modules);
    }

    static Agent agent(long id, String name, String queueLoc, String mode, String version, long pid, String status,
                       OffsetDateTime start, OffsetDateTime heartbeat, AgentEnv env, Map<String, String> tags) {
        return new Agent(id, name, queueLoc, mode, version, pid, "", start, MigTime.NEVER, heartbeat, start, status,
                false, env, tags);
    }

    static final List<Agent> ALL = List.of(
            agent(1, "web01.example.net", "linux.web01.q1", "daemon", "20170101-0.abc", 100, "online",
                    ago(10 * 86400), ago(60),
                    env("systemd", "Ubuntu 22.04 jammy", "linux", "amd64", false, "",
                            List.of("192.0.2.10/24", "fd00::10/64"), "198.51.100.1", List.of("file", "netstat")),
                    Map.of("operator", "IT", "env.name", "prod")),
            agent(2, "db01.example.net", "linux.db01.q2", "daemon", "20170101-0.abc", 200, "online",
                    ago(40 * 86400), ago(600),
                    env("upstart", "Debian 12 bookworm", "linux", "amd64", false, "",
                            List.of("192.0.2.2/24"), "127.0.0.1", List.of("file")),
                    Map.of("operator", "Ops")),
            agent(3, "a", "windows.a.q3", "daemon", "20160101-0.old", 300, "offline",
                    ago(100 * 86400), ago(2 * 86400),
                    env("", "Windows Server 2019", "windows", "amd64", false, "", List.of(), "", List.of()),
                    Map.of()),
            agent(4, "b", "darwin.b.q4", "checkin", "20180101-0.new", 400, "idle",
                    ago(5 * 86400), ago(30),
                    env("launchd", "", "darwin", "arm64", false, "", List.of(), "", List.of()),
                    Map.of("operator", "it", "quote", "it's")),
            agent(5, "WEB02", "linux.WEB02.q5", "checkin", "20180101-0.new", 500, "online",
                    ago(3600), ago(5),
                    env("", "", "linux", "", true, "proxy.example.net:3128", List.of(), "", List.of()),
                    Map.of("operator", "IT")),
            agent(6, "100%_sure\\x", "linux.%weird_q6", "daemon", "1", 600, "online",
                    ago(86400), ago(299),
                    env("sysv", "Red Hat Enterprise Linux 9", "linux", "x86_64", false, "",
                            List.of("10.0.0.6/8"), "", List.of("ping")),
                    Map.of("operator", "IT", "Build_ID-1.x", "42")),
            agent(7, "", "", "", "", 0, "", MigTime.ZERO, MigTime.ZERO, AgentEnv.EMPTY, Map.of()),
            agent(28059838906376L, "vm", "linux.ecwrnc33q", "daemon", "0.unversioned", 9705, "online",
                    OffsetDateTime.parse("2026-11-23T07:06:29.534057Z"),
                    OffsetDateTime.parse("2026-11-23T07:59:59.542751Z"),
                    env("upstart", "Debian 12 bookworm", "linux", "amd64", false, "",
                            List.of("192.0.2.2/24", "fd00::2/64", "fe80::fc:ff:fe00:1/64"), "127.0.0.1",
                            List.of("file", "fswatch", "pkg")),
                    Map.of("build", "docker", "environment", "migdemo")));

    /** Ids of the test agents the target matches in memory, sorted. */
    static List<Long> matching(String target) {
        var p = Target.parse(target).toPredicate(CLOCK);
        return ALL.stream().filter(p).map(Agent::id).sorted().toList();
    }
}
