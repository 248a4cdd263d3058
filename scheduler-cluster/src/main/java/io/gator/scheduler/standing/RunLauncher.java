package io.gator.scheduler.standing;

import io.gator.scheduler.action.ActionEntity;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;

/** Launches one run of a standing order: the very {@link ActionEntity.Create} the API's create path sends. */
@FunctionalInterface
public interface RunLauncher {
    /**
     * Completes once the action entity holds the run (created now, or already: a Create with identical JSON is
     * answered as the first one, which makes re-sending after a restart harmless); fails otherwise.
     */
    CompletionStage<ActionEntity.Summary> launch(long actionId, String actionJson, ActionEntity.Requester postedBy);

    /** Through Cluster Sharding, as {@code ClusterBackend.createAction} does. */
    static RunLauncher sharded(ActorSystem<?> system, Duration askTimeout) {
        return (id, json, by) -> ClusterSharding.get(system).entityRefFor(ActionEntity.TYPE_KEY, Long.toString(id))
                .<StatusReply<ActionEntity.Summary>>ask(replyTo -> new ActionEntity.Create(json, by, replyTo),
                        askTimeout)
                .thenCompose(r -> r.isSuccess() ? CompletableFuture.completedFuture(r.getValue())
                        : CompletableFuture.failedFuture(new IllegalStateException(
                                "action " + id + " refused: " + r.getError().getMessage())));
    }
}
