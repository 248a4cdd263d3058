package io.gator.agent.persist.dispatch;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import io.gator.agent.persist.PersistentModule;
import io.gator.core.command.Result;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;

/**
 * The running dispatch module: alerts wait in a buffer of at most {@code channelsize} and are POSTed one at a
 * time, in arrival order; an alert that finds the buffer full is dropped and counted, with a warning at most once
 * per interval. Memory stays bounded however fast alerts come and however slow the collector is.
 */
final class DispatchActor {
    /** What the actor handles: the host's messages and the end of its own POSTs. */
    sealed interface Command permits Received, Posted {}

    /** A message from the host. */
    record Received(PersistentModule.Message message) implements Command {}

    /** One POST ended: with the response status, or with the transport error's text. */
    record Posted(int status, Optional<String> failure) implements Command {}

    /** MIG's answer to a query of a running dispatch module: {@code {"ok":true}}. */
    static Result healthy() {
        return new Result(true, true, JsonNodeFactory.instance.objectNode().put("ok", true), NullNode.getInstance(),
                List.of());
    }

    private final ActorContext<Command> ctx;
    private final int capacity;
    private final RecordFormat format;
    private final HttpCollector collector;
    private final Logger log;
    private final Clock clock;
    private final Duration warnEvery;
    private final ArrayDeque<String> buffer = new ArrayDeque<>();
    private boolean posting;
    private long droppedSinceWarning;
    private Optional<Instant> lastWarning = Optional.empty();

    private DispatchActor(ActorContext<Command> ctx, int capacity, RecordFormat format, HttpCollector collector,
                          Logger log, Clock clock, Duration warnEvery) {
        this.ctx = ctx;
        this.capacity = capacity;
        this.format = format;
        this.collector = collector;
        this.log = log;
        this.clock = clock;
        this.warnEvery = warnEvery;
    }

    static Behavior<PersistentModule.Message> create(URI url, int capacity, RecordFormat format,
                                                     DispatchTunables tunables, Logger log, Clock clock) {
        Behavior<Command> inner = Behaviors.setup(ctx -> new DispatchActor(ctx, capacity, format,
                new HttpCollector(url, tunables.postTimeout()), log, clock, tunables.dropWarningInterval())
                .behavior());
        // the host's messages are wrapped; Posted is no host message, so it reaches the actor as it is
        return Behaviors.transformMessages(PersistentModule.Message.class, inner,
                pf -> pf.match(PersistentModule.Message.class, Received::new));
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(Received.class, r -> {
                    if (r.message() instanceof PersistentModule.Alert a) {
                        alert(a.message());
                    } else if (r.message() instanceof PersistentModule.Query q) {
                        q.replyTo().tell(healthy());
                    }
                    return Behaviors.same();
                })
                .onMessage(Posted.class, this::posted)
                .onSignal(PostStop.class, s -> closed())
                .onSignal(PreRestart.class, s -> closed())
                .build();
    }

    private Behavior<Command> closed() {
        collector.close();
        return Behaviors.same();
    }

    private void alert(String message) {
        if (buffer.size() < capacity) {
            buffer.addLast(message);
            postNext();
            return;
        }
        droppedSinceWarning++;
        Instant now = clock.instant();
        if (lastWarning.isEmpty() || now.isAfter(lastWarning.get().plus(warnEvery))) {
            log.warn("warning, dispatch module dropping messages (buffer full, " + droppedSinceWarning
                    + " dropped since last warning)");
            lastWarning = Optional.of(now);
            droppedSinceWarning = 0;
        }
    }

    private void postNext() {
        if (posting || buffer.isEmpty()) {
            return;
        }
        posting = true;
        ctx.pipeToSelf(collector.post(format.body(buffer.pollFirst())), (status, error) -> error == null
                ? new Posted(status, Optional.empty())
                : new Posted(0, Optional.of(collector.describe(error))));
    }

    private Behavior<Command> posted(Posted p) {
        posting = false;
        p.failure().ifPresentOrElse(f -> log.warn("http post: " + f), () -> {
            if (p.status() / 100 != 2) {
                log.warn("http post: collector answered status " + p.status());
            }
        });
        postNext();
        return Behaviors.same();
    }
}
