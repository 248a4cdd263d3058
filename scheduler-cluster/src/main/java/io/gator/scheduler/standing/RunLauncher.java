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

    /** As above, with late reach asked for (a launcher without it refuses the option). */
    default CompletionStage<ActionEntity.Summary> launch(long actionId, String actionJson,
                                                         ActionEntity.Requester postedBy, boolean lateReach) {
        return lateReach ? CompletableFuture.failedFuture(new IllegalStateException("no late reach here"))
                : launch(actionId, actionJson, postedBy);
    }

    /**
     * Whether the action exists already (a Create whose answer was lost before the window closed): then the run was
     * launched, not missed. None here; the sharded launcher asks the action entity.
     */
    default CompletionStage<Boolean> exists(long actionId) {
        return CompletableFuture.completedFuture(false);
    }

    /** Through Cluster Sharding, as {@code ClusterBackend.createAction} does. */
    static RunLauncher sharded(ActorSystem<?> system, Duration askTimeout) {
        return new RunLauncher() {
            @Override
            public CompletionStage<ActionEntity.Summary> launch(long id, String json, ActionEntity.Requester by) {
                return launch(id, json, by, false);
            }

            @Override
            public CompletionStage<ActionEntity.Summary> launch(long id, String json, ActionEntity.Requester by,
                                                                boolean lateReach) {
                return ClusterSharding.get(system).entityRefFor(ActionEntity.TYPE_KEY, Long.toString(id))
                        .<StatusReply<ActionEntity.Summary>>ask(replyTo -> new ActionEntity.Create(json, by, replyTo,
                                lateReach), askTimeout)
                        .thenCompose(r -> r.isSuccess() ? CompletableFuture.completedFuture(r.getValue())
                                : CompletableFuture.failedFuture(new IllegalStateException(
                                        "action " + id + " refused: " + r.getError().getMessage())));
            }

            @Override
            public CompletionStage<Boolean> exists(long id) {
                // an unknown action answers an error ("unknown action"); a known one its summary
                return ClusterSharding.get(system).entityRefFor(ActionEntity.TYPE_KEY, Long.toString(id))
                        .<StatusReply<ActionEntity.Summary>>ask(ActionEntity.Get::new, askTimeout)
                        .thenApply(StatusReply::isSuccess);
            }
        };
    }
}
