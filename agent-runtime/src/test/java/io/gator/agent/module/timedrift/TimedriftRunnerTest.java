package io.gator.agent.module.timedrift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.agent.module.ModuleContext;
import io.gator.core.command.Result;
import io.gator.core.module.Show;
import io.gator.core.module.timedrift.TimedriftModule;
import io.gator.core.module.timedrift.TimedriftParameters;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimedriftRunnerTest {

    /** An SNTP responder on 127.0.0.1 whose clock is {@code skew} ahead of ours. */
    static final class Responder implements AutoCloseable {
        final DatagramSocket socket;
        final Thread thread;

        Responder(Duration skew) throws Exception {
            socket = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"));
            thread = new Thread(() -> {
                byte[] b = new byte[48];
                while (!socket.isClosed()) {
                    try {
                        DatagramPacket p = new DatagramPacket(b, b.length);
                        socket.receive(p);
                        byte[] out = new byte[48];
                        out[0] = 0x24; // version 4, mode 4 (server)
                        out[1] = 1;
                        Instant now = Instant.now().plus(skew);
                        Sntp.writeTimestamp(out, 32, now);
                        Sntp.writeTimestamp(out, 40, now);
                        socket.send(new DatagramPacket(out, 48, p.getSocketAddress()));
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            thread.start();
        }

        String address() {
            return "127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            thread.join(1000);
        }
    }

    @Test
    void withoutDriftOnlyLocalTimeIsReturned() {
        Result r = new TimedriftRunner(List.of("127.0.0.1:9")).run(new TimedriftParameters(""), ModuleContext.defaults());
        assertTrue(r.success());
        assertFalse(r.elements().path("hascheckeddrift").asBoolean());
        assertTrue(r.elements().path("localtime").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"));
        assertFalse(r.statistics().has("ntpstats"));
    }

    @Test
    void aServerInSyncIsWithinDrift() throws Exception {
        try (Responder ntp = new Responder(Duration.ZERO)) {
            Result r = new TimedriftRunner(List.of(ntp.address())).run(new TimedriftParameters("5s"), ModuleContext.defaults());
            assertTrue(r.success(), r.errors().toString());
            assertTrue(r.elements().path("hascheckeddrift").asBoolean());
            assertTrue(r.elements().path("iswithindrift").asBoolean());
            JsonNode st = r.statistics().path("ntpstats").get(0);
            assertTrue(st.path("reachable").asBoolean());
            assertEquals(ntp.address(), st.path("host").asText());
        }
    }

    @Test
    void aServerAMinuteAheadIsOutOfSyncAndAnUnreachableOneIsReported() throws Exception {
        try (Responder ntp = new Responder(Duration.ofMinutes(1)); DatagramSocket silent = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            String dead = "127.0.0.1:" + silent.getLocalPort();
            Result r = new TimedriftRunner(List.of(ntp.address(), dead), Duration.ofMillis(300))
                    .run(new TimedriftParameters("5s"), ModuleContext.defaults());
            assertTrue(r.elements().path("hascheckeddrift").asBoolean());
            assertFalse(r.elements().path("iswithindrift").asBoolean());
            assertEquals(1, r.elements().path("drifts").size());
            String drift = r.statistics().path("ntpstats").get(0).path("drift").asText();
            assertTrue(drift.startsWith("-59.") || drift.startsWith("-1m0") || drift.startsWith("-1m"), drift);
            assertFalse(r.statistics().path("ntpstats").get(1).path("reachable").asBoolean());
        }
    }

    @Test
    void withADriftAndNoServerAnsweringTheResultFailsAndSaysSoEvenAmongTheFound() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            Result r = new TimedriftRunner(List.of("127.0.0.1:" + silent.getLocalPort()), Duration.ofMillis(200))
                    .run(new TimedriftParameters("5s"), ModuleContext.defaults());
            assertFalse(r.success());
            assertFalse(r.elements().path("hascheckeddrift").asBoolean());
            assertFalse(r.elements().path("iswithindrift").asBoolean(), "not claimed within drift");
            assertTrue(r.errors().contains("no NTP server could be reached"), r.errors().toString());
            List<String> found = TimedriftModule.INSTANCE.printer().lines(r, Show.FOUND);
            assertTrue(found.contains(TimedriftModule.NOT_COMPARED), found.toString());
            List<String> all = TimedriftModule.INSTANCE.printer().lines(r, Show.ALL);
            assertEquals("timedrift module has failed", all.get(all.size() - 1));
        }
    }
}
