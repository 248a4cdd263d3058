package io.gator.scheduler.standing;

import io.gator.scheduler.sink.SinkDeliveryEntity;
import io.gator.scheduler.sink.SinkSettings;
import io.gator.scheduler.sink.SinkSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;

/**
 * Starts the delivery of one launched run's results to the order's sinks ({@link SinkDeliveryEntity.Start}, which
 * answers a repeat as the first, so re-sending after a restart is harmless), and checks an order's sinks at its
 * creation so that a sink this server refuses refuses the whole order.
 */
public interface SinkStarter {
    /** Throws IllegalArgumentException, with the reason, for a sink this server does not accept. */
    void check(List<SinkSpec> sinks);

    /** Completes once the delivery entity holds the run's delivery; fails otherwise. */
    CompletionStage<Done> start(long actionId, String name, List<SinkSpec> sinks, Instant expireAfter);

    /** No sinks on this node: an order naming one is refused. */
    SinkStarter NONE = new SinkStarter() {
        @Override
        public void check(List<SinkSpec> sinks) {
            if (!sinks.isEmpty()) {
                throw new IllegalArgumentException("no result sinks on this server");
            }
        }

        @Override
        public CompletionStage<Done> start(long actionId, String name, List<SinkSpec> sinks, Instant expireAfter) {
            return CompletableFuture.failedFuture(new IllegalStateException("no result sinks on this server"));
        }
    };

    /** Through Cluster Sharding, checked against this server's {@code gator.scheduler.sinks}. */
    static SinkStarter sharded(ActorSystem<?> system, SinkSettings settings, Duration askTimeout) {
        return new SinkStarter() {
            @Override
            public void check(List<SinkSpec> sinks) {
                sinks.forEach(settings::check);
            }

            @Override
            public CompletionStage<Done> start(long actionId, String name, List<SinkSpec> sinks, Instant expireAfter) {
                return ClusterSharding.get(system).entityRefFor(SinkDeliveryEntity.TYPE_KEY, Long.toString(actionId))
                        .<StatusReply<Done>>ask(reply -> new SinkDeliveryEntity.Start(actionId, name, sinks,
                                expireAfter, reply), askTimeout)
                        .thenCompose(r -> r.isSuccess() ? CompletableFuture.completedFuture(Done.getInstance())
                                : CompletableFuture.failedFuture(new IllegalStateException(
                                        "sinks of action " + actionId + " refused: " + r.getError().getMessage())));
            }
        };
    }
}
