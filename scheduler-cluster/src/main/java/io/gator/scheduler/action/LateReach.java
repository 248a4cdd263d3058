package io.gator.scheduler.action;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * Where late-reach actions hear of heartbeating agents: one pub-sub topic per node, joined across the cluster.
 * Running late-reach action entities subscribe; the heartbeat intake publishes the queuelocs of every stored
 * batch. With no late-reach action open anywhere the topic knows no subscriber and drops a publish locally, so
 * the common path costs one local message per heartbeat batch.
 */
public final class LateReach implements Extension {

    /** {@code gator.scheduler.late-reach} (see reference.conf). */
    public record Settings(Duration checkInterval, int maxPerCheck, int queue) {
        public static Settings from(Config root) {
            Config c = root.getConfig("gator.scheduler.late-reach");
            return new Settings(c.getDuration("check-interval"), c.getInt("max-per-check"), c.getInt("queue"));
        }
    }

    private static final ExtensionId<LateReach> ID = new ExtensionId<>() {
        @Override
        public LateReach createExtension(ActorSystem<?> system) {
            return new LateReach(system);
        }
    };

    public static LateReach get(ActorSystem<?> system) {
        return system.registerExtension(ID);
    }

    private final Settings settings;
    private final ActorRef<Topic.Command<ActionEntity.AgentsSeen>> topic;

    private LateReach(ActorSystem<?> system) {
        settings = Settings.from(system.settings().config());
        topic = system.systemActorOf(Topic.create(ActionEntity.AgentsSeen.class, "gator-late-reach"),
                "gator-late-reach", Props.empty());
    }

    public Settings settings() {
        return settings;
    }

    /** These agents' heartbeats were stored. */
    public void agentsSeen(List<String> queueLocs) {
        if (!queueLocs.isEmpty()) {
            topic.tell(Topic.publish(new ActionEntity.AgentsSeen(List.copyOf(queueLocs))));
        }
    }

    void subscribe(ActorRef<ActionEntity.AgentsSeen> entity) {
        topic.tell(Topic.subscribe(entity));
    }

    void unsubscribe(ActorRef<ActionEntity.AgentsSeen> entity) {
        topic.tell(Topic.unsubscribe(entity));
    }
}
