package io.gator.agent.command;

import io.gator.core.relay.MigTopology;
import io.gator.core.relay.Relay;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.Materializer;

/**
 * The relay client: declares the agent's queue, then streams its messages to the command router.
 * The broker's prefetch bounds how many commands the agent holds unacknowledged. When the stream
 * ends or fails, the actor fails and its supervisor restarts it with backoff, re-subscribing.
 */
public final class QueueConsumer {

    sealed interface Msg permits Declared, StreamEnded {}

    private record Declared(Throwable error) implements Msg {}

    private record StreamEnded(Throwable error) implements Msg {}

    private QueueConsumer() {}

    public static Behavior<Msg> create(Relay relay, String queueLoc, int prefetch,
                                       ActorRef<CommandRouter.Msg> router) {
        return Behaviors.setup(ctx -> {
            ctx.pipeToSelf(relay.declareAgentQueue(queueLoc), (ok, err) -> new Declared(err));
            return Behaviors.receive(Msg.class)
                    .onMessage(Declared.class, d -> {
                        if (d.error() != null) {
                            throw new IllegalStateException("cannot declare agent queue: " + d.error(), d.error());
                        }
                        ctx.getLog().info("consuming mig.agt.{}", queueLoc);
                        Pair<UniqueKillSwitch, CompletionStage<Done>> running = relay
                                .consume(MigTopology.agentQueue(queueLoc), prefetch)
                                .viaMat(KillSwitches.single(), Keep.right())
                                .toMat(Sink.foreach(m -> router.tell(new CommandRouter.Deliver(m))), Keep.both())
                                .run(Materializer.matFromSystem(ctx.getSystem()));
                        ctx.pipeToSelf(running.second(), (Done ok, Throwable err) -> new StreamEnded(err));
                        return consuming(running.first());
                    })
                    .build();
        });
    }

    private static Behavior<Msg> consuming(UniqueKillSwitch stream) {
        return Behaviors.receive(Msg.class)
                .onMessage(StreamEnded.class, e -> {
                    throw new IllegalStateException("agent queue consumer ended"
                            + (e.error() == null ? "" : ": " + e.error()), e.error());
                })
                // A restarted consumer must not leave the old subscription delivering.
                .onSignal(PreRestart.class, sig -> {
                    stream.shutdown();
                    return Behaviors.same();
                })
                .onSignal(PostStop.class, sig -> {
                    stream.shutdown();
                    return Behaviors.same();
                })
                .build();
    }
}
