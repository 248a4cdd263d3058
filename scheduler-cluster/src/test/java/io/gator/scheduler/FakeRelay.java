package io.gator.scheduler;

import io.gator.core.relay.IncomingMessage;
import io.gator.core.relay.OutgoingMessage;
import io.gator.core.relay.Relay;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.Done;
import org.apache.pekko.stream.javadsl.Source;

/** A relay double: records confirmed publishes; "down" makes publishes fail as a broker outage would. */
public final class FakeRelay implements Relay {
    public final List<OutgoingMessage> published = new CopyOnWriteArrayList<>();
    public final AtomicBoolean down = new AtomicBoolean();
    private volatile Source<IncomingMessage, ?> source = Source.empty();

    public void feed(Source<IncomingMessage, ?> s) {
        this.source = s;
    }

    @Override
    public CompletionStage<Done> declareSchedulerTopology() {
        return CompletableFuture.completedFuture(Done.getInstance());
    }

    @Override
    public CompletionStage<Done> declareAgentQueue(String queueLoc) {
        return CompletableFuture.completedFuture(Done.getInstance());
    }

    @Override
    public CompletionStage<Done> publish(OutgoingMessage message) {
        if (down.get()) {
            return CompletableFuture.failedFuture(new java.io.IOException("broker unreachable (fake)"));
        }
        published.add(message);
        return CompletableFuture.completedFuture(Done.getInstance());
    }

    @Override
    public Source<IncomingMessage, ?> consume(String queue, int prefetch) {
        return source;
    }

    @Override
    public void close() {}
}
