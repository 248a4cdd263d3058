package io.gator.scheduler.agents;

import io.gator.scheduler.action.ActionEntity;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;

/** Creates an action the scheduler issues by itself, through the same sharded {@link ActionEntity} as any. */
@FunctionalInterface
public interface ActionCreator {
    /** Completes once the entity persisted ActionCreated (or already holds this very action); fails otherwise. */
    CompletionStage<ActionEntity.Summary> create(long actionId, String actionJson);

    /** Through Cluster Sharding: the entity journals it, resolves its target and counts its commands. */
    static ActionCreator sharded(ActorSystem<?> system, Duration askTimeout) {
        return (id, json) -> ClusterSharding.get(system).entityRefFor(ActionEntity.TYPE_KEY, Long.toString(id))
                .<StatusReply<ActionEntity.Summary>>ask(replyTo -> new ActionEntity.Create(json, replyTo), askTimeout)
                .thenCompose(r -> r.isSuccess() ? CompletableFuture.completedFuture(r.getValue())
                        : CompletableFuture.failedFuture(new IllegalStateException(
                                "action " + id + " refused: " + r.getError().getMessage())));
    }
}
