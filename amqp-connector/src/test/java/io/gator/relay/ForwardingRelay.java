package io.gator.relay;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A relay that hands everything to another, for tests and benches that watch what a node publishes or consumes
 * (override what to watch; a view of a relay shared by several nodes overrides {@link #close} to leave it open).
 */
public abstract class ForwardingRelay implements Relay {
    protected final Relay delegate;

    protected ForwardingRelay(Relay delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletionStage<Done> declareSchedulerTopology() {
        return delegate.declareSchedulerTopology();
    }

    @Override
    public CompletionStage<Done> declareAgentQueue(String queueLoc) {
        return delegate.declareAgentQueue(queueLoc);
    }

    @Override
    public CompletionStage<Done> publish(OutgoingMessage message) {
        return delegate.publish(message);
    }

    @Override
    public Source<IncomingMessage, ?> consume(String queue, int prefetch) {
        return delegate.consume(queue, prefetch);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
