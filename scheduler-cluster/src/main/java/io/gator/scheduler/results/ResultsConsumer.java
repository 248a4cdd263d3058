package io.gator.scheduler.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.relay.IncomingMessage;
import io.gator.relay.MigTopology;
import io.gator.relay.Relay;
import io.gator.scheduler.SchedulerSettings;
import io.gator.scheduler.action.ActionEntity.IncomingResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code mig.agt.results} on any scheduler node: parses each finished command, groups results
 * by action for a few milliseconds, hands each group to the owning entity in one message and acks the
 * messages only once the entity replied that the batch is persisted. Messages over {@code max-bytes} and
 * unparseable ones are logged,
 * acked and counted as rejected (redelivering them would never help); a failed delivery is nacked back
 * to the queue, and the entity ignores what it already has.
 */
public final class ResultsConsumer {
    private static final Logger log = LoggerFactory.getLogger(ResultsConsumer.class);

    /** Counts since start. */
    public record Stats(long accepted, long ignored, long rejected, long requeued) {}

    sealed interface Parsed {
        IncomingMessage message();
    }

    record Ok(IncomingMessage message, long actionId, IncomingResult result) implements Parsed {}

    record Rejected(IncomingMessage message, String reason) implements Parsed {}

    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong requeued = new AtomicLong();
    private final ResultRouter router;
    private final SchedulerSettings settings;

    public ResultsConsumer(ResultRouter router, SchedulerSettings settings) {
        this.router = router;
        this.settings = settings;
    }

    public Stats stats() {
        return new Stats(accepted.get(), ignored.get(), rejected.get(), requeued.get());
    }

    /** Starts consuming; the kill switch stops it, the stage completes when it stopped. Restarts with backoff on failure. */
    public Pair<UniqueKillSwitch, CompletionStage<Done>> run(ActorSystem<?> system, Relay relay) {
        RestartSettings restart = RestartSettings.create(Duration.ofMillis(500), Duration.ofSeconds(30), 0.2);
        return RestartSource.onFailuresWithBackoff(restart, () -> process(relay.consume(MigTopology.RESULTS,
                        settings.resultsPrefetch())))
                .viaMat(KillSwitches.single(), Keep.right())
                .toMat(Sink.ignore(), Keep.both())
                .run(system);
    }

    /** The processing pipeline over any source of messages; emits one Done per handled group. */
    public Source<Done, ?> process(Source<IncomingMessage, ?> messages) {
        long maxBytes = settings.resultsMaxBytes();
        return messages.map(m -> parse(m, maxBytes))
                .groupedWithin(settings.resultsGroupMax(), settings.resultsGroupWindow())
                .mapAsyncUnordered(settings.resultsParallelism(), this::handle);
    }

    /**
     * What the scheduler reads of a result message (a MIG command with its results): the rest, above all the
     * action with its operations, signatures and times, is skipped by the parser instead of built (a tenth of
     * the results path's CPU). Results keep their typed form, so they are stored as a full parse stores them.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ResultMessage(long id, IdOnly action, QueueLocOnly agent, String status, List<Result> results) {
        ResultMessage {
            status = status == null ? "" : status;
            results = results == null ? List.of() : results;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record IdOnly(long id) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record QueueLocOnly(@JsonProperty("queueloc") String queueLoc) {
        QueueLocOnly {
            queueLoc = queueLoc == null ? "" : queueLoc;
        }
    }

    /**
     * Parses one message of {@code mig.agt.results}; never throws. The size is checked first (a body over
     * {@code maxBytes} is never parsed); whitespace around the object (a trailing newline) is allowed. A U+0000
     * in results is kept: the read side stores it escaped.
     */
    static Parsed parse(IncomingMessage m, long maxBytes) {
        byte[] b = m.body();
        if (b.length > maxBytes) {
            return new Rejected(m, "result of " + b.length + " bytes exceeds " + maxBytes);
        }
        int first = 0;
        int last = b.length - 1;
        while (first <= last && isJsonWhitespace(b[first])) {
            first++;
        }
        while (last >= first && isJsonWhitespace(b[last])) {
            last--;
        }
        if (last - first < 9 || b[first] != '{' || b[last] != '}') {
            return new Rejected(m, "not a JSON object (" + b.length + " bytes)");
        }
        try {
            ResultMessage c = MigJson.read(b, ResultMessage.class);
            if (c.action() == null) {
                return new Rejected(m, "result without action (command " + c.id() + ")");
            }
            if (c.action().id() == 0) {
                return new Rejected(m, "result without action id (command " + c.id() + ")");
            }
            if (c.id() == 0) {
                return new Rejected(m, "result without command id (action " + c.action().id() + ")");
            }
            if (c.status().isEmpty()) {
                return new Rejected(m, "result without status (command " + c.id() + ")");
            }
            return new Ok(m, c.action().id(), new IncomingResult(c.id(), c.status(), MigJson.write(c.results()),
                    c.agent() == null ? "" : c.agent().queueLoc()));
        } catch (RuntimeException e) {
            return new Rejected(m, "unparseable result: " + e.getMessage());
        }
    }

    private static boolean isJsonWhitespace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private CompletionStage<Done> handle(List<Parsed> group) {
        Map<Long, List<Ok>> byAction = new LinkedHashMap<>();
        List<CompletionStage<Done>> settles = new ArrayList<>();
        for (Parsed p : group) {
            if (p instanceof Rejected r) {
                rejected.incrementAndGet();
                log.warn("result message from {} rejected: {}", r.message().routingKey(), r.reason());
                settles.add(r.message().ack());
            } else {
                Ok ok = (Ok) p;
                byAction.computeIfAbsent(ok.actionId(), k -> new ArrayList<>()).add(ok);
            }
        }
        for (Map.Entry<Long, List<Ok>> e : byAction.entrySet()) {
            List<Ok> oks = e.getValue();
            List<IncomingResult> results = oks.stream().map(Ok::result).toList();
            CompletionStage<Done> settled = router.deliver(e.getKey(), results).handle((ack, err) -> {
                List<CompletionStage<Done>> s = new ArrayList<>();
                if (err == null) {
                    accepted.addAndGet(ack.accepted());
                    ignored.addAndGet(ack.ignored());
                    oks.forEach(o -> s.add(o.message().ack()));
                } else {
                    requeued.addAndGet(oks.size());
                    log.warn("action {}: {} results not persisted ({}), requeued", e.getKey(), oks.size(), err.toString());
                    oks.forEach(o -> s.add(o.message().nack(true)));
                }
                return all(s);
            }).thenCompose(x -> x);
            settles.add(settled);
        }
        return all(settles);
    }

    private static CompletionStage<Done> all(List<CompletionStage<Done>> stages) {
        return CompletableFuture.allOf(stages.stream().map(CompletionStage::toCompletableFuture)
                        .toArray(CompletableFuture[]::new))
                .handle((v, err) -> {
                    if (err != null) {
                        log.warn("settling result messages failed: {}", err.toString());
                    }
                    return Done.getInstance();
                });
    }
}
