package io.gator.relay;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/** {@link Relay#subscribe}'s default: a relay's consume stream run to a callback on the system's materializer. */
final class StreamConsumer {
    private StreamConsumer() {}

    static Relay.ConsumerHandle run(Source<IncomingMessage, ?> source, Consumer<IncomingMessage> onMessage,
                                    ClassicActorSystemProvider system) {
        Pair<UniqueKillSwitch, CompletionStage<Done>> running = source
                .viaMat(KillSwitches.single(), Keep.right())
                .toMat(Sink.foreach(onMessage::accept), Keep.both())
                .run(Materializer.matFromSystem(system));
        return new Relay.ConsumerHandle() {
            @Override
            public void cancel() {
                running.first().shutdown();
            }

            @Override
            public CompletionStage<Done> ended() {
                return running.second();
            }
        };
    }
}
