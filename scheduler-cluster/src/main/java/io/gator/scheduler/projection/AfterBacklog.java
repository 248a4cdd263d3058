package io.gator.scheduler.projection;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.projection.javadsl.SourceProvider;

/** A source of events that opens only once the events written before slicing are all projected. */
final class AfterBacklog<O, E> extends SourceProvider<O, E> {
    private final SourceProvider<O, E> events;
    private final UnslicedBacklog backlog;

    AfterBacklog(SourceProvider<O, E> events, UnslicedBacklog backlog) {
        this.events = events;
        this.backlog = backlog;
    }

    @Override
    public CompletionStage<Source<E, NotUsed>> source(Supplier<CompletionStage<Optional<O>>> offset) {
        return backlog.drained().thenCompose(done -> events.source(offset));
    }

    @Override
    public O extractOffset(E envelope) {
        return events.extractOffset(envelope);
    }

    @Override
    public long extractCreationTime(E envelope) {
        return events.extractCreationTime(envelope);
    }
}
