package io.gator.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.typesafe.config.ConfigFactory;
import io.gator.agent.command.ModuleFailedException;
import io.gator.agent.command.ModuleInvoker;
import io.gator.agent.config.AgentSettings;
import io.gator.agent.verify.CommandRefusedException;
import io.gator.core.action.Action;
import io.gator.core.action.Operation;
import io.gator.core.agent.AgentEnv;
import io.gator.core.command.Command;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.relay.FakeRelay;
import io.gator.relay.MigTopology;
import io.gator.relay.OutgoingMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.nio.file.Path;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AgentGuardianTest {
    private final ActorTestKit kit = ActorTestKit.create();
    private final FakeRelay relay = new FakeRelay();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, AtomicInteger> invocations = new ConcurrentHashMap<>();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();

    private final ModuleInvoker modules = (module, params) -> {
        invocations.computeIfAbsent(module, k -> new AtomicInteger()).incrementAndGet();
        int now = concurrent.incrementAndGet();
        maxConcurrent.accumulateAndGet(now, Math::max);
        try {
            switch (module) {
                case "hang" -> Thread.sleep(60_000);
                case "slow" -> Thread.sleep(300);
                case "boom" -> throw new IllegalStateException("disk on fire");
                case "unregistered" -> throw new ModuleFailedException(
                        Result.failure("runModule() -> module unregistered is not registered"));
                default -> { }
            }
            return new Result(true, true, JsonNodeFactory.instance.objectNode().put("module", module),
                    JsonNodeFactory.instance.objectNode(), List.of());
        } finally {
            concurrent.decrementAndGet();
        }
    };

    private final List<String> verifierThreads = new java.util.concurrent.CopyOnWriteArrayList<>();

    @TempDir
    Path runDir;
    private ActorRef<AgentGuardian.GetRouter> agent;
    private int starts;

    @BeforeEach
    void start() {
        agent = startAgent();
    }

    /** An agent (another instance each time, same run directory), consuming once started. */
    private ActorRef<AgentGuardian.GetRouter> startAgent() {
        AgentSettings settings = AgentSettings.from(ConfigFactory.parseString(
                "gator.agent { module-timeout = 500ms, max-actions = 2, heartbeat-interval = 1h, result-publish-retry = 50ms"
                        + ", max-command-size = 64KiB, run-dir = \"" + runDir + "\" }")
                .withFallback(ConfigFactory.load()));
        AgentGuardian.Parts parts = new AgentGuardian.Parts(settings, "linux.testqueue", relay, cmd -> {
            verifierThreads.add(Thread.currentThread().getName());
            if (cmd.action().name().startsWith("refuse")) {
                throw new CommandRefusedException("unknown signer: key 0123456789ABCDEF");
            }
        }, modules, threads, () -> AgentEnv.EMPTY, "test", Clock.systemUTC());
        relay.unsubscribe();
        ActorRef<AgentGuardian.GetRouter> a = kit.spawn(AgentGuardian.create(parts), "agent-" + starts++);
        await(relay::subscribed, "consumer subscribed");
        return a;
    }

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
        threads.shutdownNow();
    }

    private static byte[] command(long id, String name, String... modules) {
        List<Operation> ops = new ArrayList<>();
        for (String m : modules) {
            ops.add(new Operation(m, JsonNodeFactory.instance.objectNode()));
        }
        OffsetDateTime now = OffsetDateTime.now();
        Action a = Action.of(id * 10, name, "status='online'", now.minusMinutes(1), now.plusMinutes(10), ops)
                .withSignatures(List.of("sig")).withStatus("preparing");
        return MigJson.writeBytes(Command.sent(id, a, now));
    }

    private List<Command> results() {
        List<Command> out = new ArrayList<>();
        for (OutgoingMessage m : relay.published) {
            if (m.routingKey().equals(MigTopology.RESULTS)) {
                out.add(MigJson.read(m.body(), Command.class));
            }
        }
        return out;
    }

    private Command resultOf(long id) {
        await(() -> results().stream().anyMatch(c -> c.id() == id), "result of command " + id);
        return results().stream().filter(c -> c.id() == id).findFirst().orElseThrow();
    }

    @Test
    void aHangingModuleIsCutAtItsTimeoutAndTheNextCommandStillSucceeds() {
        relay.deliver("1", command(1, "hang", "hang"));
        Command first = resultOf(1);
        assertEquals("timeout", first.status());
        assertTrue(first.results().get(0).errors().get(0).contains("timed out"), first.results().toString());
        relay.deliver("2", command(2, "ok", "ok"));
        Command second = resultOf(2);
        assertEquals("success", second.status());
        assertEquals("linux.testqueue", second.agent().queueLoc());
        await(() -> relay.settled.containsAll(List.of("ack:1", "ack:2")), "both acked after their results");
    }

    @Test
    void commandsAreVerifiedOnTheVerificationDispatcherNotOnTheRoutersThread() {
        relay.deliver("1", command(1, "ok", "ok"));
        relay.deliver("2", command(2, "refuse me", "ok"));
        assertEquals("success", resultOf(1).status());
        assertEquals("failed", resultOf(2).status());
        assertEquals(2, verifierThreads.size(), verifierThreads.toString());
        assertTrue(verifierThreads.stream().allMatch(t -> t.contains("gator.agent.verification-dispatcher")),
                verifierThreads.toString());
    }

    @Test
    void aModuleThatThrowsYieldsFailedWithTheErrorText() {
        relay.deliver("1", command(1, "x", "ok", "boom"));
        Command c = resultOf(1);
        assertEquals("failed", c.status());
        assertTrue(c.results().get(0).success());
        assertTrue(c.results().get(1).errors().get(0).contains("disk on fire"));
    }

    @Test
    void aModuleThatCannotRunYieldsFailedWithItsResultWordForWord() {
        relay.deliver("1", command(1, "x", "unregistered"));
        Command c = resultOf(1);
        assertEquals("failed", c.status());
        assertEquals(List.of("runModule() -> module unregistered is not registered"), c.results().get(0).errors());
    }

    @Test
    void aRefusedCommandIsAnsweredFailedWithTheReasonAndNeverRun() {
        relay.deliver("1", command(1, "refuse me", "ok"));
        Command c = resultOf(1);
        assertEquals("failed", c.status());
        assertTrue(c.results().get(0).errors().get(0).contains("unknown signer"));
        assertEquals(null, invocations.get("ok"));
    }

    @Test
    void noMoreThanMaxActionsCommandsRunAtOnceAndLaterOnesWaitInOrder() {
        for (int i = 1; i <= 6; i++) {
            relay.deliver(String.valueOf(i), command(i, "slow", "slow"));
        }
        for (int i = 1; i <= 6; i++) {
            assertEquals("success", resultOf(i).status());
        }
        assertEquals(2, maxConcurrent.get());
        List<Long> order = results().stream().map(Command::id).toList();
        assertTrue(order.indexOf(1L) < order.indexOf(5L) && order.indexOf(2L) < order.indexOf(6L), order.toString());
    }

    @Test
    void malformedMessagesAreDroppedWithoutStoppingTheAgent() {
        relay.deliver("bad", "{not json".getBytes());
        relay.deliver("2", command(2, "ok", "ok"));
        assertEquals("success", resultOf(2).status());
        await(() -> relay.settled.contains("ack:bad"), "malformed message settled");
    }

    @Test
    void aResultThatCannotBePublishedIsRetriedBeforeTheMessageIsAcked() {
        relay.failNextPublishes.set(2);
        relay.deliver("1", command(1, "ok", "ok"));
        assertEquals("success", resultOf(1).status());
        await(() -> relay.settled.contains("ack:1"), "acked once published");
    }

    @Test
    void aCommandDeliveredAgainAfterItsAnswerIsAckedWithoutRunningTwice() {
        answeredThenDeliveredAgain(() -> { });
    }

    /** Command 1 answered, {@code between} run, command 1 delivered again: acked, not run again. */
    private void answeredThenDeliveredAgain(Runnable between) {
        byte[] body = command(1, "ok", "ok");
        relay.deliver("1", body);
        assertEquals("success", resultOf(1).status());
        await(() -> relay.settled.contains("ack:1"), "first delivery acked");
        between.run();
        relay.deliver("1-again", body);
        await(() -> relay.settled.contains("ack:1-again"), "second delivery acked");
        relay.deliver("2", command(2, "ok", "ok"));
        resultOf(2);
        assertEquals(2, invocations.get("ok").get(), "command 1 ran once, command 2 once");
        assertEquals(1, results().stream().filter(c -> c.id() == 1).count(), "one answer to command 1");
    }

    @Test
    void aCommandDeliveredAgainWhileItRunsIsSettledWithTheFirstDelivery() {
        byte[] body = command(1, "slow", "slow");
        relay.deliver("1", body);
        relay.deliver("1-again", body);
        assertEquals("success", resultOf(1).status());
        await(() -> relay.settled.containsAll(List.of("ack:1", "ack:1-again")), "both deliveries acked");
        assertEquals(1, invocations.get("slow").get());
        assertEquals(List.of("ack:1", "ack:1-again"), relay.settled, "acked together, once answered");
        assertEquals(1, results().stream().filter(c -> c.id() == 1).count());
    }

    @Test
    void aRefusedForgeryReusingACommandIdDoesNotSuppressTheRealCommand() {
        relay.deliver("forged", command(1, "refuse me", "ok"));
        assertEquals("failed", resultOf(1).status());
        relay.deliver("1", command(1, "ok", "ok"));
        await(() -> results().stream().filter(c -> c.id() == 1).count() == 2, "the real command answered");
        assertEquals("success", results().stream().filter(c -> c.id() == 1).toList().get(1).status());
        assertEquals(1, invocations.get("ok").get());
    }

    @Test
    void aMessageOverTheSizeLimitIsAckedUnreadAndTheNextCommandIsStillAnswered() {
        byte[] big = command(1, "ok" + " ".repeat(64 * 1024), "ok");
        relay.deliver("big", big);
        relay.deliver("2", command(2, "ok", "ok"));
        assertEquals("success", resultOf(2).status());
        await(() -> relay.settled.containsAll(List.of("ack:big", "ack:2")), "both acked");
        assertTrue(results().stream().noneMatch(c -> c.id() == 1), "nothing answered for the oversized message");
        assertEquals(1, invocations.get("ok").get(), "only command 2 ran");
    }

    @Test
    void compressedParametersInflatingBeyondTheLimitFailWithoutRunningTheModule() throws Exception {
        // 2 MiB of JSON (a long string) in a few kilobytes of gzip, over the default 1 MiB limit
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(("{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes());
        }
        Operation bomb = new Operation("ok", com.fasterxml.jackson.databind.node.TextNode.valueOf(
                java.util.Base64.getEncoder().encodeToString(gz.toByteArray())), true, true);
        OffsetDateTime now = OffsetDateTime.now();
        Action a = Action.of(10, "bomb", "status='online'", now.minusMinutes(1), now.plusMinutes(10), List.of(bomb))
                .withSignatures(List.of("sig")).withStatus("preparing");
        relay.deliver("1", MigJson.writeBytes(Command.sent(1, a, now)));
        Command c = resultOf(1);
        assertEquals("failed", c.status());
        assertTrue(c.results().get(0).errors().get(0).contains("exceed"), c.results().toString());
        assertEquals(null, invocations.get("ok"));
        relay.deliver("2", command(2, "ok", "ok"));
        assertEquals("success", resultOf(2).status());
    }

    @Test
    void aRefusalManyTimesTheCommandsSizeIsNotSentButTheMessageIsAcked() {
        String[] ops = new String[1500];
        java.util.Arrays.fill(ops, "ok");
        byte[] many = command(1, "refuse many", ops);
        assertTrue(many.length < 64 * 1024, "under the size limit: " + many.length);
        relay.deliver("many", many);
        relay.deliver("2", command(2, "ok", "ok"));
        assertEquals("success", resultOf(2).status());
        await(() -> relay.settled.containsAll(List.of("ack:many", "ack:2")), "both acked");
        assertTrue(results().stream().noneMatch(c -> c.id() == 1), "no answer of 1,500 refusals");
        relay.deliver("few", command(3, "refuse few", "ok", "ok"));
        assertEquals("failed", resultOf(3).status());
    }

    @Test
    void aCommandExpiringInTheYear9999RunsCutAtTheModuleTimeout() {
        OffsetDateTime now = OffsetDateTime.now();
        Action a = Action.of(10, "far", "status='online'", now.minusMinutes(1),
                        OffsetDateTime.parse("9999-12-31T23:59:59Z"),
                        List.of(new Operation("hang", JsonNodeFactory.instance.objectNode())))
                .withSignatures(List.of("sig")).withStatus("preparing");
        relay.deliver("1", MigJson.writeBytes(Command.sent(1, a, now)));
        Command c = resultOf(1);
        assertEquals("timeout", c.status());
        assertTrue(c.results().get(0).errors().get(0).contains("timed out after 500ms"), c.results().toString());
    }

    @Test
    void aCommandWithoutIdIsAckedAndDroppedUnanswered() {
        relay.deliver("0", command(0, "ok", "ok"));
        relay.deliver("2", command(2, "ok", "ok"));
        assertEquals("success", resultOf(2).status());
        await(() -> relay.settled.contains("ack:0"), "the id-less command acked");
        assertTrue(results().stream().noneMatch(c -> c.id() == 0), "no answer with id 0");
        assertEquals(1, invocations.get("ok").get());
    }

    @Test
    void aRestartedAgentDoesNotRunACommandItAnsweredBeforeTheRestart() {
        answeredThenDeliveredAgain(() -> {
            kit.stop(agent);
            agent = startAgent();
        });
    }

    @Test
    void heartbeatsGoToTheSchedulersAtStart() {
        await(() -> relay.published.stream().anyMatch(m -> m.routingKey().equals(MigTopology.HEARTBEATS)),
                "first heartbeat");
        OutgoingMessage hb = relay.published.stream()
                .filter(m -> m.routingKey().equals(MigTopology.HEARTBEATS)).findFirst().orElseThrow();
        assertEquals(MigTopology.TO_SCHEDULERS, hb.exchange());
        assertTrue(new String(hb.body()).contains("\"queueloc\":\"linux.testqueue\""));
    }

    static void await(BooleanSupplier cond, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
