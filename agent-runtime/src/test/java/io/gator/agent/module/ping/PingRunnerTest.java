package io.gator.agent.module.ping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.agent.module.ModuleContext;
import io.gator.core.command.Result;
import io.gator.core.module.ping.PingParameters;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PingRunnerTest {
    final PingRunner runner = new PingRunner();

    @Test
    void tcpPingOfAListeningPortSucceeds() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Result r = runner.run(new PingParameters("127.0.0.1", ss.getLocalPort(), "tcp", 3, 5), ModuleContext.defaults());
            assertTrue(r.foundAnything());
            assertEquals("127.0.0.1:" + ss.getLocalPort() + " (127.0.0.1)", r.elements().path("resolvedhost").asText());
            assertEquals(3, r.elements().path("latencies").size());
            r.elements().path("latencies").forEach(l -> assertTrue(l.asDouble() > 0 && l.asDouble() < 5000));
            assertTrue(r.elements().path("failures").isNull());
        }
    }

    @Test
    void tcpPingOfAClosedPortIsUnreachable() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            port = ss.getLocalPort();
        }
        Result r = runner.run(new PingParameters("127.0.0.1", port, "tcp", 2, 1), ModuleContext.defaults());
        assertFalse(r.foundAnything());
        r.elements().path("latencies").forEach(l -> assertEquals(-1.0, l.asDouble()));
    }

    @Test
    void udpPingOfAClosedPortIsUnreachable() throws Exception {
        int port;
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        Result r = runner.run(new PingParameters("127.0.0.1", port, "udp", 1, 1), ModuleContext.defaults());
        assertEquals(-1.0, r.elements().path("latencies").get(0).asDouble());
    }

    @Test
    void icmpPingOfLoopbackSucceeds() {
        Result r = runner.run(new PingParameters("127.0.0.1", 0, "icmp", 1, 2), ModuleContext.defaults());
        assertTrue(r.foundAnything(), r.elements().toString());
        assertEquals("127.0.0.1 (127.0.0.1)", r.elements().path("resolvedhost").asText());
    }

    @Test
    void aCancelledPingStopsBeforeProbing() {
        ModuleContext ctx = ModuleContext.defaults();
        ctx.cancel();
        org.junit.jupiter.api.Assertions.assertThrows(io.gator.agent.module.ModuleCancelledException.class,
                () -> runner.run(new PingParameters("127.0.0.1", 9, "tcp", 100, 5), ctx));
    }

    @Test
    void anIpv6DestinationIsPrintedInItsCompressedForm() {
        Result r = runner.run(new PingParameters("0:0:0:0:0:0:0:1", 9, "udp", 1, 1), ModuleContext.defaults());
        assertEquals("0:0:0:0:0:0:0:1:9 (::1)", r.elements().path("resolvedhost").asText());
    }
}
