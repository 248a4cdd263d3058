package io.gator.agent.persist.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gator.agent.persist.ModuleSettings;
import io.gator.agent.persist.PersistentConfigException;
import io.gator.agent.persist.PersistentContext;
import io.gator.agent.persist.PersistentModule;
import io.gator.core.agent.AgentEnv;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.testing.Fixtures;
import io.gator.core.testing.ModuleFixtureData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit module against a fake kernel ({@link FakeAuditKernel}): never this machine's audit subsystem. The
 * module is built with {@code new AuditModule(opener, "Linux", "amd64", pid)}, the opener handing out the fake.
 * Its root holds the capture's data at {@code /opt/mig-fixtures} (where MIG's capture had it) and a passwd file,
 * so that the captured configuration is used as it was sent.
 */
class AuditModuleTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final int PID = 4321;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String CAPTURE = "mig-wire/modules/audit/01-userns-no-audit-permission.persist-session.log";

    @TempDir
    Path root;
    final FakeAuditKernel kernel = new FakeAuditKernel(new byte[] {1, 2, 3, 4}, new byte[] {5, 6, 7, 8});
    final AtomicInteger opens = new AtomicInteger();
    final BlockingQueue<String> alerts = new LinkedBlockingQueue<>();
    final CapturedLog log = new CapturedLog();

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @BeforeEach
    void hostFiles() throws IOException {
        ModuleFixtureData.copyTo(root.resolve("opt/mig-fixtures"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n"
                + "alice:x:1000:1000::/home/alice:/bin/sh\n");
    }

    private AuditModule module() {
        return new AuditModule(() -> {
            opens.incrementAndGet();
            kernel.closed = false;  // a new socket to the same kernel
            return kernel;
        }, "Linux", "amd64", PID);
    }

    private PersistentContext context(ModuleSettings settings) {
        return new PersistentContext("audit", settings, alerts::add, log.logger, "test-host", AgentEnv.EMPTY,
                Map.of(), Clock.systemUTC(), root);
    }

    private static ModuleSettings audit(Map<String, String> keys) {
        Map<String, List<String>> section = new LinkedHashMap<>();
        keys.forEach((k, v) -> section.put(k, List.of(v)));
        return ModuleSettings.of(Map.of("audit", section));
    }

    /** The configuration MIG's agent sent in the capture, as this module's settings. */
    private static ModuleSettings capturedConfig() throws IOException {
        for (String line : Files.readAllLines(Fixtures.path(CAPTURE))) {
            if (line.contains("agent->module stdin") && line.contains("\"class\":\"config\"")) {
                JsonNode cfg = new ObjectMapper().readTree(line.substring(line.indexOf('{')))
                        .at("/parameters/config/audit");
                Map<String, String> keys = new LinkedHashMap<>();
                cfg.fields().forEachRemaining(f -> keys.put(f.getKey(), f.getValue().asText()));
                return audit(keys);
            }
        }
        throw new AssertionError("no config message in " + CAPTURE);
    }

    /** The module's log messages in the capture, in order. */
    private static List<String> capturedModuleLog() throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(Fixtures.path(CAPTURE))) {
            if (line.contains("module-stdout") && line.contains("\"class\":\"log\"")) {
                out.add(new ObjectMapper().readTree(line.substring(line.indexOf('{')))
                        .at("/parameters/message").asText());
            }
        }
        return out;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private ActorRef<PersistentModule.Message> start(ModuleSettings settings) {
        Behavior<PersistentModule.Message> b = module().create(context(settings));
        return KIT.spawn(b);
    }

    @Test
    void withoutAuditPermissionItLogsMigsErrorAndFails() throws Exception {
        kernel.refuseSet = -111;  // ECONNREFUSED, as the kernel answered in the capture's user namespace
        ActorRef<PersistentModule.Message> ref = start(capturedConfig());
        TestProbe<Object> probe = KIT.createTestProbe();
        probe.expectTerminated(ref, WAIT);  // failed: the host restarts it, as MIG's agent restarts the process

        assertEquals(List.of("module received configuration", "AuditSetEnabled: error while recieving reply -111"),
                capturedModuleLog());
        assertEquals(capturedModuleLog(), log.messages());
        assertEquals(List.of(AuditControl.AUDIT_SET), kernel.requestTypes());
        assertEquals(2, kernel.rules.size(), "the host's rules were not touched");
        await(() -> kernel.closed, "the socket to be closed");
    }

    @Test
    void underARestartingSupervisorEachRestartIsAFreshRun() throws Exception {
        kernel.refuseSet = -111;
        Behavior<PersistentModule.Message> supervised = Behaviors.supervise(module().create(context(capturedConfig())))
                .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(50), Duration.ofMillis(200), 0));
        ActorRef<PersistentModule.Message> ref = KIT.spawn(supervised);
        await(() -> opens.get() >= 3, "three runs");
        KIT.stop(ref);
        List<String> messages = log.messages();
        assertEquals(List.of("module received configuration", "AuditSetEnabled: error while recieving reply -111"),
                messages.subList(0, 2));
        assertEquals(messages.subList(0, 2), messages.subList(2, 4));  // as MIG's restarted process logs again
    }

    @Test
    void itTakesOverTheKernelsAuditAndSendsEventsAsAlerts() throws Exception {
        ActorRef<PersistentModule.Message> ref = start(capturedConfig());
        await(() -> log.messages().contains("listening for audit events"), "listening");
        assertEquals(List.of("module received configuration", "auditing enabled", "auditing configured",
                "listening for audit events"), log.messages());

        // MIG's sequence: enable, check, rate limit, backlog limit, audit pid, delete every rule, add the file's.
        assertEquals(List.of(1001, 1000, 1001, 1001, 1001, 1013, 1012, 1012, 1011, 1011), kernel.requestTypes());
        assertArrayEquals(status(1, 1, 0, 0, 0), kernel.requests.get(0).data());       // mask ENABLED, enabled 1
        assertArrayEquals(status(8, 0, 0, 500, 0), kernel.requests.get(2).data());     // mask RATE_LIMIT, 500
        assertArrayEquals(status(0x10, 0, 0, 0, 16384), kernel.requests.get(3).data()); // BACKLOG_LIMIT, 16384
        assertArrayEquals(status(4, 0, PID, 0, 0), kernel.requests.get(4).data());     // mask PID
        for (NetlinkMessage m : kernel.requests) {
            assertEquals(NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK, m.flags());
        }
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), kernel.requests.stream().map(NetlinkMessage::seq).toList());
        assertEquals(1, kernel.enabled);
        assertEquals(500, kernel.rateLimit);
        assertEquals(16384, kernel.backlogLimit);
        assertEquals(PID, kernel.pid);
        List<KernelRule> expected = new RuleCompiler(root)
                .compileFile("/opt/mig-fixtures/audit/audit.rules.json").rules();
        assertEquals(2, kernel.rules.size());
        assertArrayEquals(expected.get(0).encode(), kernel.rules.get(0));
        assertArrayEquals(expected.get(1).encode(), kernel.rules.get(1));

        kernel.emit("type=SYSCALL msg=audit(1733140000.123:4521): arch=c000003e syscall=59 success=yes exit=0"
                + " a0=1 a1=2 a2=3 a3=4 items=1 ppid=1 pid=2 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0"
                + " sgid=0 fsgid=0 tty=pts0 ses=3 comm=\"id\" exe=\"/usr/bin/id\" key=\"exec\"");
        kernel.emit("type=EXECVE msg=audit(1733140000.123:4521): argc=1 a0=\"id\"");
        kernel.emit("type=EOE msg=audit(1733140000.123:4521): ");
        String alert = alerts.poll(10, TimeUnit.SECONDS);
        assertNotNull(alert);
        JsonNode a = new ObjectMapper().readTree(alert);
        assertEquals("4521", a.get("Serial").asText());
        assertEquals("EOE", a.get("Type").asText());
        assertEquals("execve", a.at("/Data/syscall").asText());
        assertEquals("alice", a.at("/Data/auid").asText());
        assertEquals("id", a.at("/Data/a0").asText());
        assertEquals("", a.get("Raw").asText());

        TestProbe<Result> replies = KIT.createTestProbe();
        ref.tell(new PersistentModule.Query(MigJson.tree("{}"), replies.ref()));
        assertEquals("{\"foundanything\":true,\"success\":true,\"elements\":{\"ok\":true},\"statistics\":null,"
                + "\"errors\":null}", MigJson.write(replies.receiveMessage(WAIT)));

        KIT.stop(ref);
        await(() -> kernel.closed, "the socket to be closed when the module stops");
    }

    private static byte[] status(int mask, int enabled, int pid, int rate, int backlog) {
        return ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN).putInt(mask).putInt(enabled).putInt(0)
                .putInt(pid).putInt(rate).putInt(backlog).array();
    }

    @Test
    void configuredLimitsRawRecordsAndRulesetWarnings() throws Exception {
        Files.writeString(root.resolve("rules.json"), """
                {"audit_rules": [{"key": "gone", "path": "/no/such/file", "permission": "wa"},
                                 {"actions": ["always", "exit"], "syscalls": ["personality"], "key": "bypass"}]}""");
        ActorRef<PersistentModule.Message> ref = start(audit(Map.of("rulespath", "/rules.json",
                "ratelimit", "100", "backloglimit", "64", "includeraw", "yes")));
        await(() -> log.messages().contains("listening for audit events"), "listening");
        assertEquals(List.of("module received configuration", "auditing enabled",
                "ruleset warning: skipping rule: stat /no/such/file: no such file or directory",
                "auditing configured", "listening for audit events"), log.messages());
        assertEquals(100, kernel.rateLimit);
        assertEquals(64, kernel.backlogLimit);
        assertEquals(1, kernel.rules.size());

        String line = "type=USER_LOGIN msg=audit(1733140001.500:4522): pid=1400 uid=0 auid=1000 ses=3"
                + " msg='op=login id=1000 exe=\"/usr/sbin/sshd\" hostname=? addr=10.0.0.5 terminal=ssh res=success'";
        kernel.emit(line);
        JsonNode a = new ObjectMapper().readTree(alerts.poll(10, TimeUnit.SECONDS));
        assertEquals("USER_LOGIN", a.get("Type").asText());
        assertEquals(AuditLogLine.of(line).payload(), a.get("Raw").asText());
        KIT.stop(ref);
    }

    @Test
    void aBadRulesFileFailsTheModuleBeforeTheKernelIsTouched() throws Exception {
        Files.writeString(root.resolve("broken.json"), "{\"audit_rules\": [");
        for (Map.Entry<String, String> c : Map.of(
                "/broken.json", "SetRules: unexpected end of JSON input",
                "/etc/mig/audit.rules.json", "open /etc/mig/audit.rules.json: no such file or directory").entrySet()) {
            CapturedLog own = new CapturedLog();
            ActorRef<PersistentModule.Message> ref = KIT.spawn(module().create(new PersistentContext("audit",
                    audit(Map.of("rulespath", c.getKey())), alerts::add, own.logger, "h", AgentEnv.EMPTY, Map.of(),
                    Clock.systemUTC(), root)));
            KIT.createTestProbe().expectTerminated(ref, WAIT);
            assertEquals(List.of("module received configuration", c.getValue()), own.messages());
        }
        assertEquals(0, opens.get(), "no netlink socket was opened");
        assertEquals(List.of(), kernel.requests);
    }

    @Test
    void noConfigurationMeansNoRulesFileAndNothingChanged() throws Exception {
        ActorRef<PersistentModule.Message> ref = start(ModuleSettings.empty());
        KIT.createTestProbe().expectTerminated(ref, WAIT);
        assertEquals(List.of("module received configuration", "open : no such file or directory"), log.messages());
        assertEquals(0, opens.get());
    }

    @Test
    void connectionAndEnableFailuresCarryMigsPrefixes() throws Exception {
        AuditModule refused = new AuditModule(() -> {
            throw new AuditException("protocol not supported");
        }, "Linux", "amd64", PID);
        ActorRef<PersistentModule.Message> ref = KIT.spawn(refused.create(context(capturedConfig())));
        KIT.createTestProbe().expectTerminated(ref, WAIT);
        assertEquals(List.of("module received configuration", "NewNetlinkConnection: protocol not supported"),
                log.messages());

        kernel.ignoreEnable = true;
        CapturedLog own = new CapturedLog();
        ActorRef<PersistentModule.Message> locked = KIT.spawn(module().create(new PersistentContext("audit",
                capturedConfig(), alerts::add, own.logger, "h", AgentEnv.EMPTY, Map.of(), Clock.systemUTC(), root)));
        KIT.createTestProbe().expectTerminated(locked, WAIT);
        assertEquals(List.of("module received configuration", "was not possible to enable audit"), own.messages());
    }

    @Test
    void onlyLinuxHasAKernelAuditSubsystem() {
        PersistentConfigException mac = assertThrows(PersistentConfigException.class,
                () -> new AuditModule(() -> kernel, "Mac OS X", "arm64", PID).create(context(ModuleSettings.empty())));
        assertEquals("audit module not supported on darwin", mac.getMessage());
        PersistentConfigException win = assertThrows(PersistentConfigException.class,
                () -> new AuditModule(() -> kernel, "Windows 11", "amd64", PID).create(context(ModuleSettings.empty())));
        assertEquals("audit module not supported on windows", win.getMessage());
        assertEquals(0, opens.get());
    }

    @Test
    void unusableSettingsAreConfigurationErrors() {
        PersistentConfigException e = assertThrows(PersistentConfigException.class,
                () -> module().create(context(audit(Map.of("ratelimit", "fast")))));
        assertEquals("audit.ratelimit: 'fast' is not a whole number", e.getMessage());
        PersistentConfigException raw = assertThrows(PersistentConfigException.class,
                () -> module().create(context(audit(Map.of("includeraw", "maybe")))));
        assertEquals("audit.includeraw: 'maybe' is not a boolean", raw.getMessage());
    }

    @Test
    void theAgentFindsTheModuleByName() {
        PersistentModule found = ServiceLoader.load(PersistentModule.class).stream()
                .map(ServiceLoader.Provider::get).filter(m -> m.name().equals("audit")).findFirst()
                .orElseThrow();
        assertTrue(found instanceof AuditModule);
        assertEquals(false, found.receivesAlerts());
    }
}
