package io.gator.scheduler.results;

import io.gator.scheduler.action.ActionEntity;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** Hands a batch of results to the entity owning the action; completes once the entity persisted it. */
public interface ResultRouter {
    CompletionStage<ActionEntity.ResultsAck> deliver(long actionId, List<ActionEntity.IncomingResult> results);

    /** Through Cluster Sharding: whichever node owns the action. */
    static ResultRouter sharded(ActorSystem<?> system, Duration timeout) {
        ClusterSharding sharding = ClusterSharding.get(system);
        return (actionId, results) -> sharding.entityRefFor(ActionEntity.TYPE_KEY, Long.toString(actionId))
                .<org.apache.pekko.pattern.StatusReply<ActionEntity.ResultsAck>>ask(
                        rt -> new ActionEntity.ResultsReceived(results, rt), timeout)
                .thenApply(r -> r.getValue());
    }
}
