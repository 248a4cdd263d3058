package io.gator.platform.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gator.core.action.Action;
import io.gator.core.action.Counters;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Agents that die in the middle of a command: 1,000 agents in two fleet processes, 980 ordinary ones and
 * 20 whose timedrift module hangs (their NTP server is a UDP socket of this test that never answers, with
 * a 10-minute module timeout). A timedrift action with {@code -drift 10s} and a 40 s expiration (room for a cold, loaded platform to get the 980 answers in first) reaches all:
 * the 980 answer at once (no NTP server configured: an immediate, successful answer); once they have, the
 * 20 are still inside their module and their process is killed with SIGKILL. Their commands are never
 * answered and expire at expireafter; every other agent answered exactly once.
 */
@Timeout(value = 6, unit = java.util.concurrent.TimeUnit.MINUTES)
class DeadAgentSystemTest {
    static final int HEALTHY = 980;
    static final int DYING = 20;
    static SystemPlatform platform;
    static DatagramSocket silentNtp;

    @RegisterExtension
    final PrintLogsOnFailure logs = new PrintLogsOnFailure(() -> platform);

    @BeforeAll
    static void startPlatform() throws Exception {
        silentNtp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        platform = SystemPlatform.start("dead-agent", List.of(
                new SystemPlatform.FleetSpec("fleet", HEALTHY, "sim", "sys",
                        "gator.agent.modules.timedrift.servers = []\n"),
                new SystemPlatform.FleetSpec("dying-fleet", DYING, "dying", "dying", """
                        gator.agent.modules.timedrift { servers = ["127.0.0.1:%d"], server-timeout = 10m }
                        gator.agent.module-timeout = 10m
                        gator.fleet.module-threads = %d
                        """.formatted(silentNtp.getLocalPort(), DYING))));
    }

    @AfterAll
    static void stopPlatform() {
        try {
            if (platform != null) {
                platform.close();
            }
        } finally {
            if (silentNtp != null) {
                silentNtp.close();
            }
        }
    }

    @Test
    void commandsOfAnAgentKilledMidCommandExpireAndEveryOtherAgentAnswersOnce() throws Exception {
        Duration expiration = Duration.ofSeconds(40);
        long id = platform.launch("timedrift", "status='online'", expiration, List.of("-drift", "10s"));
        platform.awaitDone(id, HEALTHY, Duration.ofSeconds(120));
        Action mid = platform.action(id).orElseThrow();
        platform.step("killing the dying fleet at " + mid.status() + " " + mid.counters());
        assertEquals(new Counters(HEALTHY + DYING, HEALTHY, DYING, HEALTHY, 0, 0, 0, 0), mid.counters(),
                "the 980 answered, the 20 are inside their module");
        platform.kill("dying-fleet");

        Action a = platform.awaitFinished(id, Duration.ofSeconds(180));
        Checks.everyAgentAnsweredOnce(platform, a, "expired",
                new Counters(HEALTHY + DYING, HEALTHY + DYING, 0, HEALTHY, 0, DYING, 0, 0));
        assertEquals(IntStream.range(0, DYING).mapToObj(i -> "dying-" + i).sorted().toList(),
                platform.agentsWithStatus(id, "expired"), "the killed agents' commands expired");
        Checks.noCrash(platform, List.of("dying-fleet"));
    }
}
