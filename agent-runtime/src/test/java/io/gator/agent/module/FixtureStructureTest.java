package io.gator.agent.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.module.ModuleDefinition;
import io.gator.core.module.ModuleDefinitions;
import io.gator.core.testing.Fixtures;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For each MIG command fixture: its parameters validate with our definition, and our runner's result, on a
 * local setup that finds the same kinds of things, has the same keys and JSON types at every level as the
 * result MIG's agent returned.
 */
class FixtureStructureTest {
    @TempDir
    static Path etc;
    static Path root;
    static ServerSocket server;
    static Socket client;
    static Socket accepted;
    static Process python;
    static String marker = "GATORSTRUCT" + System.nanoTime();

    /** Paths (dot-joined) whose object keys are data (labels, values searched), not field names. */
    static Set<String> dataKeys(String module) {
        return switch (module) {
            case "file", "memory" -> Set.of("elements");
            case "netstat" -> Set.of("elements.listeningport", "elements.connectedip", "elements.localmac",
                    "elements.localip", "elements.neighbormac", "elements.neighborip");
            default -> Set.of();
        };
    }

    static Set<String> dataKeys = Set.of();
    /** Go omitempty keys that MIG only writes when non-empty, and the reason they may be absent here. */
    static final Set<String> OPTIONAL = Set.of(
            "statistics.failures"); // memory: MIG ran unprivileged and collected permission failures; tests run as any user

    @BeforeAll
    static void setUp() throws Exception {
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Files.writeString(etc.resolve("hostname"), "vm\n");
        Files.writeString(etc.resolve("deluser.conf"), "x".repeat(1706));
        Files.writeString(etc.resolve("ucf.conf"), "small\n");
        Files.createDirectories(etc.resolve("pam.d"));
        Files.writeString(etc.resolve("pam.d/passwd"), "@include common-password\n");
        Files.createSymbolicLink(etc.resolve("modules"), etc.resolve("no-such-target"));
        root = Files.createDirectories(etc.resolve("root/var/lib/dpkg"));
        Files.writeString(root.resolve("status"),
                "Package: openssl\nStatus: install ok installed\nArchitecture: amd64\nVersion: 3.0.19-1~deb12u2\n\n");
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        client = new Socket("127.0.0.1", server.getLocalPort());
        accepted = server.accept();
        python = new ProcessBuilder("python3", "-c",
                "import sys,time\nx=''.join(reversed(sys.argv[1]))\nprint('ready',flush=True)\ntime.sleep(60)",
                new StringBuilder(marker).reverse().toString()).start();
        assertTrue(new String(python.getInputStream().readNBytes(5)).startsWith("ready"));
    }

    @AfterAll
    static void tearDown() throws Exception {
        accepted.close();
        client.close();
        server.close();
        python.destroyForcibly();
    }

    static Stream<String> fixtures() {
        return Fixtures.list("mig-wire/amqp", ".command.json").stream()
                .map(p -> p.getFileName().toString().replace(".command.json", ""))
                .filter(n -> !n.startsWith("14-") && !n.startsWith("16-"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void ourResultHasMigsShape(String name) throws Exception {
        JsonNode command = MigJson.tree(Fixtures.read("mig-wire/amqp/" + name + ".command.json"));
        JsonNode op = command.path("action").path("operations").get(0);
        String module = op.path("module").asText();
        ModuleDefinition<?> def = ModuleDefinitions.get(module);
        def.parse(op.path("parameters")); // MIG's own parameters must validate as sent

        String port = Integer.toString(server.getLocalPort());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(etc.resolve("passwd"))));
        String local = op.path("parameters").toString()
                .replace("\"/etc", "\"" + etc)
                .replace("9862b8b7f66971480923cca67263fc536b48cc9b1edd71099cb5fc6c8d25b31a", sha)
                .replace("\"5672\"", "\"" + port + "\"").replace(":5672", ":" + port)
                .replace("\"destinationport\":5672", "\"destinationport\":" + port)
                .replace("\"beam\"", "\"python\"").replace("\"rabbit\"", "\"" + marker + "\"");
        ModuleContext ctx = ModuleContext.defaults().withRoot(module.equals("pkg") ? etc.resolve("root") : Path.of("/"));
        ModuleRunner<?> runner = ModuleRegistry.fromConfig(com.typesafe.config.ConfigFactory.parseString(
                "gator.agent.modules.timedrift.servers = [\"127.0.0.1:9\"]").withFallback(com.typesafe.config.ConfigFactory.load())).find(module).orElseThrow();
        Result ours = runner.runJson(MigJson.tree(local), ctx);

        JsonNode theirs = MigJson.tree(Fixtures.read("mig-wire/amqp/" + name + ".result.json")).path("results").get(0);
        assertEquals(theirs.path("foundanything").asBoolean(), ours.foundAnything(), "foundanything");
        assertTrue(ours.success(), ours.errors().toString());
        JsonNode oursJson = MigJson.mapper().valueToTree(ours);
        if (!theirs.path("errors").isNull()) {
            assertFalse(oursJson.path("errors").isNull(), "MIG returned walk errors, so must we here");
            assertTrue(oursJson.path("errors").get(0).isTextual());
        }
        dataKeys = dataKeys(module);
        same("elements", theirs.path("elements"), oursJson.path("elements"));
        same("statistics", theirs.path("statistics"), oursJson.path("statistics"));
    }

    static void same(String path, JsonNode theirs, JsonNode ours) {
        if (theirs.getNodeType() != ours.getNodeType()) {
            fail(path + ": MIG has " + theirs.getNodeType() + " " + abbreviate(theirs) + ", we have " + ours.getNodeType()
                    + " " + abbreviate(ours));
        }
        if (theirs.isObject()) {
            if (dataKeys.contains(path)) {
                JsonNode model = theirs.elements().next();
                assertFalse(ours.isEmpty(), path + " is empty");
                ours.fields().forEachRemaining(e -> same(path + ".*", model, e.getValue()));
                return;
            }
            Set<String> tk = new TreeSet<>();
            theirs.fieldNames().forEachRemaining(tk::add);
            Set<String> ok = new TreeSet<>();
            ours.fieldNames().forEachRemaining(ok::add);
            tk.removeIf(k -> OPTIONAL.contains(path + "." + k) && !ok.contains(k));
            assertEquals(tk, ok, "keys of " + path);
            for (Iterator<String> it = tk.iterator(); it.hasNext(); ) {
                String k = it.next();
                same(path + "." + k, theirs.get(k), ours.get(k));
            }
        } else if (theirs.isArray()) {
            assertFalse(ours.isEmpty(), path + " is empty");
            // MIG's arrays may mix shapes (file matchany: one search shape per kind of check): each of ours
            // must have the shape of one of theirs
            for (JsonNode o : ours) {
                AssertionError last = null;
                boolean matched = false;
                for (JsonNode t : theirs) {
                    try {
                        same(path + "[]", t, o);
                        matched = true;
                        break;
                    } catch (AssertionError e) {
                        last = e;
                    }
                }
                if (!matched) {
                    throw last;
                }
            }
        }
    }

    static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
