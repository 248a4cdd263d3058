package io.gator.agent.module.netstat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.agent.module.ModuleContext;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.module.InvalidParametersException;
import io.gator.core.module.netstat.NetstatModule;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetstatRunnerTest {
    final NetstatRunner runner = new NetstatRunner();

    Result run(String json, ModuleContext ctx) {
        return runner.run(NetstatModule.INSTANCE.parse(MigJson.tree(json)), ctx);
    }

    @Test
    void findsAListeningPortTheTestOpened() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            int port = ss.getLocalPort();
            Result r = run("{\"listeningport\":[\"" + port + "\"],\"namespaces\":false}", ModuleContext.defaults());
            assertTrue(r.foundAnything());
            JsonNode e = r.elements().path("listeningport").path(Integer.toString(port)).get(0);
            assertEquals("127.0.0.1", e.path("localaddr").asText());
            assertEquals(port, e.path("localport").asInt());
            assertEquals("default", e.path("namespace").asText());
            assertTrue(r.statistics().path("examined").asInt() > 0);
        }
    }

    @Test
    void findsAConnectionToLoopbackByIpAndCidrAndMasksItInPrivacyMode() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
                Socket c = new Socket("127.0.0.1", ss.getLocalPort());
                Socket s = ss.accept()) {
            int clientPort = c.getLocalPort();
            for (String q : List.of("127.0.0.1", "127.0.0.0/8")) {
                Result r = run("{\"connectedip\":[\"" + q + "\"]}", ModuleContext.defaults());
                List<String> tuples = new ArrayList<>();
                r.elements().path("connectedip").path(q).forEach(e -> tuples.add(e.path("localport").asInt() + ">"
                        + e.path("remoteaddr").asText() + ":" + e.path("remoteport").asInt()));
                assertTrue(tuples.contains(clientPort + ">127.0.0.1:" + ss.getLocalPort()), tuples.toString());
                assertTrue(tuples.contains(ss.getLocalPort() + ">127.0.0.1:" + clientPort), tuples.toString());
            }
            Result masked = run("{\"connectedip\":[\"127.0.0.1\"]}", ModuleContext.defaults().withExtraPrivacy(true));
            masked.elements().path("connectedip").path("127.0.0.1")
                    .forEach(e -> assertEquals("masked", e.path("remoteaddr").asText()));
        }
    }

    @Test
    void aClosedPortIsNotListening() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            port = ss.getLocalPort();
        }
        Result r = run("{\"listeningport\":[\"" + port + "\"]}", ModuleContext.defaults());
        assertFalse(r.foundAnything());
        assertTrue(r.elements().path("listeningport").path(Integer.toString(port)).isNull());
    }

    @Test
    void neighboursComeFromTheArpTable(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("proc/net"));
        Files.writeString(root.resolve("proc/net/arp"), "IP address       HW type     Flags       HW address            Mask     Device\n"
                + "10.0.0.1         0x1         0x2         52:54:00:12:34:56     *        eth0\n");
        Result r = run("{\"neighbormac\":[\"^52:54\"],\"neighborip\":[\"10.0.0.0/24\"]}", ModuleContext.defaults().withRoot(root));
        JsonNode e = r.elements().path("neighbormac").path("^52:54").get(0);
        assertEquals("52:54:00:12:34:56", e.path("remotemacaddr").asText());
        assertEquals("10.0.0.1", e.path("remoteaddr").asText());
        assertEquals("10.0.0.1", r.elements().path("neighborip").path("10.0.0.0/24").get(0).path("remoteaddr").asText());
    }

    @Test
    void localIpAndMacComeFromTheInterfaces() {
        Result r = run("{\"localip\":[\"127.0.0.1\"],\"localmac\":[\".\"]}", ModuleContext.defaults());
        assertEquals("127.0.0.1", r.elements().path("localip").path("127.0.0.1").get(0).path("localaddr").asText());
    }

    @Test
    void procNetAddressesDecode() {
        assertEquals("127.0.0.1", NetstatRunner.ip(NetstatRunner.addr("0100007F")));
        assertEquals("::1", NetstatRunner.ip(NetstatRunner.addr("00000000000000000000000001000000")));
        assertEquals("127.0.0.1", NetstatRunner.ip(NetstatRunner.addr("0000000000000000FFFF00000100007F")));
    }

    @Test
    void badValuesNameTheField() {
        assertEquals("connectedip[0]", assertThrows(InvalidParametersException.class,
                () -> NetstatModule.INSTANCE.parse(MigJson.tree("{\"connectedip\":[\"300.1.1.1\"]}"))).field());
        assertEquals("listeningport[0]", assertThrows(InvalidParametersException.class,
                () -> NetstatModule.INSTANCE.parse(MigJson.tree("{\"listeningport\":[\"99999\"]}"))).field());
    }
}
