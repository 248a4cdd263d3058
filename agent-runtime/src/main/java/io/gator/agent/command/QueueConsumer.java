package io.gator.agent.command;

import io.gator.relay.MigTopology;
import io.gator.relay.Relay;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The relay client: declares the agent's queue, then hands its messages to the command router.
 * The broker's prefetch bounds how many commands the agent holds unacknowledged. When the consumer
 * ends or fails, the actor fails and its supervisor restarts it with backoff, re-subscribing.
 * It subscribes with {@link Relay#subscribe}, not a stream: an agent JVM loads no Pekko Streams classes.
 */
public final class QueueConsumer {

    sealed interface Protocol permits Declared, StreamEnded {}

    private record Declared(Throwable error) implements Protocol {}

    private record StreamEnded(Throwable error) implements Protocol {}

    private QueueConsumer() {}

    public static Behavior<Protocol> create(Relay relay, String queueLoc, int prefetch,
                                       ActorRef<CommandRouter.Protocol> router) {
        return Behaviors.setup(ctx -> {
            ctx.pipeToSelf(relay.declareAgentQueue(queueLoc), (ok, err) -> new Declared(err));
            return Behaviors.receive(Protocol.class)
                    .onMessage(Declared.class, d -> {
                        if (d.error() != null) {
                            throw new IllegalStateException("cannot declare agent queue: " + d.error(), d.error());
                        }
                        ctx.getLog().info("consuming mig.agt.{}", queueLoc);
                        Relay.ConsumerHandle running = relay.subscribe(MigTopology.agentQueue(queueLoc), prefetch,
                                m -> router.tell(new CommandRouter.Deliver(m)), ctx.getSystem());
                        ctx.pipeToSelf(running.ended(), (Done ok, Throwable err) -> new StreamEnded(err));
                        return consuming(running);
                    })
                    .build();
        });
    }

    private static Behavior<Protocol> consuming(Relay.ConsumerHandle consumer) {
        return Behaviors.receive(Protocol.class)
                .onMessage(StreamEnded.class, e -> {
                    throw new IllegalStateException("agent queue consumer ended"
                            + (e.error() == null ? "" : ": " + e.error()), e.error());
                })
                // A restarted consumer must not leave the old subscription delivering.
                .onSignal(PreRestart.class, sig -> {
                    consumer.cancel();
                    return Behaviors.same();
                })
                .onSignal(PostStop.class, sig -> {
                    consumer.cancel();
                    return Behaviors.same();
                })
                .build();
    }
}
