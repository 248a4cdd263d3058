package io.gator.scheduler.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.gator.core.action.Action;
import io.gator.core.command.Command;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.json.MigTime;
import io.gator.relay.IncomingMessage;
import io.gator.scheduler.FakeMessage;
import io.gator.scheduler.SchedulerSettings;
import io.gator.scheduler.action.ActionEntity;
import io.gator.scheduler.action.Actions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ResultsConsumerTest {
    static final ActorTestKit KIT = ActorTestKit.create("ResultsConsumerTest");
    static final SchedulerSettings SETTINGS = SchedulerSettings.from(ConfigFactory.load());

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    static FakeMessage result(long actionId, long commandId, String status) {
        Action a = MigJson.read(Actions.json(actionId), Action.class);
        Command c = Command.sent(commandId, a, MigTime.ZERO).answered(status, List.of(Result.failure("x")));
        return new FakeMessage("mig.agt.results", MigJson.writeBytes(c));
    }

    @Test
    void groupsResultsByActionAndAcksOnlyAfterTheEntityPersisted() throws Exception {
        Map<Long, List<List<ActionEntity.IncomingResult>>> calls = new ConcurrentHashMap<>();
        CompletableFuture<Void> gate = new CompletableFuture<>();
        ResultRouter router = (id, rs) -> {
            calls.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(rs);
            return gate.thenApply(v -> new ActionEntity.ResultsAck(rs.size(), 0));
        };
        ResultsConsumer consumer = new ResultsConsumer(router, SETTINGS);
        List<FakeMessage> msgs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            msgs.add(result(100 + i % 3, 1000 + i, "success"));
        }
        var done = consumer.process(Source.from(new ArrayList<IncomingMessage>(msgs))).runWith(Sink.ignore(), KIT.system());
        Thread.sleep(300);
        assertEquals(3, calls.size(), "one delivery per action");
        assertEquals(10, calls.get(100L).get(0).size());
        assertTrue(msgs.stream().noneMatch(FakeMessage::settled), "nothing acked before the entity replied");
        gate.complete(null);
        done.toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertTrue(msgs.stream().allMatch(m -> m.acks.get() == 1 && m.nacks.get() == 0));
        assertEquals(new ResultsConsumer.Stats(30, 0, 0, 0), consumer.stats());
    }

    @Test
    void badMessagesAreAckedAndCountedWithoutStoppingTheStream() throws Exception {
        List<Long> delivered = new CopyOnWriteArrayList<>();
        ResultRouter router = (id, rs) -> {
            delivered.add(id);
            return CompletableFuture.completedFuture(new ActionEntity.ResultsAck(rs.size(), 0));
        };
        ResultsConsumer consumer = new ResultsConsumer(router, SETTINGS);
        FakeMessage garbage = new FakeMessage("mig.agt.results", "not json at all");
        FakeMessage brokenJson = new FakeMessage("mig.agt.results", "{\"id\": 12, \"action\": {\"id\": }");
        FakeMessage noAction = new FakeMessage("mig.agt.results",
                "{\"id\":5,\"action\":{\"id\":0},\"status\":\"success\"}");
        FakeMessage good = result(200, 2001, "success");
        consumer.process(Source.from(List.<IncomingMessage>of(garbage, brokenJson, noAction, good)))
                .runWith(Sink.ignore(), KIT.system()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        for (FakeMessage m : List.of(garbage, brokenJson, noAction, good)) {
            assertEquals(1, m.acks.get());
        }
        assertEquals(List.of(200L), delivered);
        assertEquals(new ResultsConsumer.Stats(1, 0, 3, 0), consumer.stats());
    }

    @Test
    void theLeanParseReadsWhatTheFullCommandParseReads() {
        Action a = MigJson.read(Actions.json(400), Action.class);
        io.gator.core.agent.Agent agent = io.gator.core.agent.Agent.of("host", "linux.q7").withMode("daemon")
                .withProcess("1", 1);
        List<Result> rs = List.of(Result.failure("permission denied"), Result.EMPTY);
        Command c = Command.sent(4001, a, MigTime.ZERO).withAgent(agent).answered("failed", rs);
        FakeMessage m = new FakeMessage("mig.agt.results", MigJson.writeBytes(c));
        ResultsConsumer.Parsed p = ResultsConsumer.parse(m, SETTINGS.resultsMaxBytes());
        Command full = MigJson.read(m.body(), Command.class);
        assertEquals(new ResultsConsumer.Ok(m, 400, new ActionEntity.IncomingResult(4001, "failed",
                MigJson.write(full.results()), "linux.q7")), p);
        // unknown fields anywhere, and an agent block missing, are no reason to refuse a result
        FakeMessage sparse = new FakeMessage("mig.agt.results", "{\"id\":9,\"extra\":[1,{\"x\":2}],"
                + "\"action\":{\"id\":401,\"whatever\":true},\"status\":\"success\",\"results\":null}");
        assertEquals(new ResultsConsumer.Ok(sparse, 401, new ActionEntity.IncomingResult(9, "success", "[]", "")),
                ResultsConsumer.parse(sparse, SETTINGS.resultsMaxBytes()));
        FakeMessage noActionAtAll = new FakeMessage("mig.agt.results", "{\"id\":9,\"status\":\"success\"}");
        assertFalse(ResultsConsumer.parse(noActionAtAll, SETTINGS.resultsMaxBytes()) instanceof ResultsConsumer.Ok);
    }

    @Test
    void aFailedDeliveryIsNackedForRedelivery() throws Exception {
        ResultRouter router = (id, rs) -> CompletableFuture.failedFuture(new java.util.concurrent.TimeoutException("ask timed out"));
        ResultsConsumer consumer = new ResultsConsumer(router, SETTINGS);
        FakeMessage m = result(300, 3001, "success");
        consumer.process(Source.single(m)).runWith(Sink.ignore(), KIT.system()).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertEquals(0, m.acks.get());
        assertEquals(1, m.nacks.get());
        assertEquals(1, consumer.stats().requeued());
        assertFalse(m.acks.get() > 0);
    }

    @Test
    void aResultEndingWithANewlineOrSurroundedByWhitespaceIsAccepted() {
        FakeMessage plain = result(500, 5001, "success");
        String body = new String(plain.body(), java.nio.charset.StandardCharsets.UTF_8);
        for (String framed : List.of(body + "\n", body + "\r\n", " \t" + body + "  \n")) {
            ResultsConsumer.Parsed p = ResultsConsumer.parse(new FakeMessage("mig.agt.results", framed),
                    SETTINGS.resultsMaxBytes());
            assertTrue(p instanceof ResultsConsumer.Ok, () -> "refused: " + p);
        }
    }

    @Test
    void aResultLargerThanTheLimitIsRefusedAndAckedBeforeItIsParsed() throws Exception {
        SchedulerSettings small = SchedulerSettings.from(ConfigFactory.parseString(
                "gator.scheduler.results.max-bytes = 2000").withFallback(ConfigFactory.load()));
        List<Long> delivered = new CopyOnWriteArrayList<>();
        ResultRouter router = (id, rs) -> {
            delivered.add(id);
            return CompletableFuture.completedFuture(new ActionEntity.ResultsAck(rs.size(), 0));
        };
        ResultsConsumer consumer = new ResultsConsumer(router, small);
        FakeMessage fits = result(600, 6001, "success");
        assertTrue(fits.body().length <= 2000);
        // one byte over the limit, and not even JSON inside: refused on its size alone
        FakeMessage over = new FakeMessage("mig.agt.results", "{" + "x".repeat(2000));
        assertEquals(2001, over.body().length);
        ResultsConsumer.Parsed p = ResultsConsumer.parse(over, small.resultsMaxBytes());
        assertTrue(p instanceof ResultsConsumer.Rejected r && r.reason().contains("exceeds 2000"), () -> "" + p);
        consumer.process(Source.from(List.<IncomingMessage>of(over, fits))).runWith(Sink.ignore(), KIT.system())
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(1, over.acks.get());
        assertEquals(0, over.nacks.get());
        assertEquals(List.of(600L), delivered);
        assertEquals(new ResultsConsumer.Stats(1, 0, 1, 0), consumer.stats());
    }

    @Test
    void aResultWithANulInItsElementsOrErrorsIsKeptForTheReadSideToStoreEscaped() {
        FakeMessage m = new FakeMessage("mig.agt.results", "{\"id\":9,\"action\":{\"id\":700},\"status\":\"success\","
                + "\"results\":[{\"foundanything\":true,\"success\":true,\"elements\":{\"a\\u0000\":1},"
                + "\"statistics\":null,\"errors\":[\"e\\u0000\"]}]}");
        ResultsConsumer.Parsed p = ResultsConsumer.parse(m, SETTINGS.resultsMaxBytes());
        assertTrue(p instanceof ResultsConsumer.Ok ok && ok.result().resultsJson().contains("e\\u0000"), () -> "" + p);
    }
}
