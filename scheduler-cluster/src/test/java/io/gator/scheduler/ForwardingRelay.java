package io.gator.scheduler;

import io.gator.relay.IncomingMessage;
import io.gator.relay.OutgoingMessage;
import io.gator.relay.Relay;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A relay that hands everything to a shared one, for tests and benches that watch what one node publishes or
 * consumes (override what to watch). Closing it does not close the shared relay.
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
    public void close() {}
}
