package io.gator.agent.persist.dispatch;

import io.gator.agent.persist.PersistentModule;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;

/**
 * Dispatch without a collector (no {@code httpurl}, as when there is no dispatch.cfg): each alert is written to
 * the agent's log as the agent writes alerts when dispatch does not run, so none is lost and nothing restarts.
 */
final class AlertLog {
    private AlertLog() {}

    static Behavior<PersistentModule.Message> create(Logger log) {
        return Behaviors.setup(ctx -> {
            log.info("no httpurl set, alerts are written to the agent's log");
            return Behaviors.receive(PersistentModule.Message.class)
                    .onMessage(PersistentModule.Alert.class, a -> {
                        log.info("alert: " + a.message());
                        return Behaviors.same();
                    })
                    .onMessage(PersistentModule.Query.class, q -> {
                        q.replyTo().tell(DispatchActor.healthy());
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
