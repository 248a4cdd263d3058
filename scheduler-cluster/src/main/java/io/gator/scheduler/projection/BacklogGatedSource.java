package io.gator.scheduler.projection;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.stream.javadsl.Source;

/** A source of action events that depends on whether the events tagged before slicing are all projected. */
final class BacklogGatedSource<O, E> extends SourceProvider<O, E> {
    private final SourceProvider<O, E> events;
    private final UnslicedBacklog backlog;
    private final boolean ofSlice;

    private BacklogGatedSource(SourceProvider<O, E> events, UnslicedBacklog backlog, boolean ofSlice) {
        this.events = events;
        this.backlog = backlog;
        this.ofSlice = ofSlice;
    }

    /** A slice's events: they flow once the backlog is projected, so an action's older events go first. */
    static <O, E> BacklogGatedSource<O, E> afterBacklog(SourceProvider<O, E> slice, UnslicedBacklog backlog) {
        return new BacklogGatedSource<>(slice, backlog, true);
    }

    /**
     * The events tagged before slicing: silent when none is left to project at start (no event gets that tag
     * any more, so polling the journal for it would only cost queries).
     */
    static <O, E> BacklogGatedSource<O, E> whileBacklog(SourceProvider<O, E> unsliced, UnslicedBacklog backlog) {
        return new BacklogGatedSource<>(unsliced, backlog, false);
    }

    @Override
    public CompletionStage<Source<E, NotUsed>> source(Supplier<CompletionStage<Optional<O>>> offset) {
        if (ofSlice) {
            return backlog.drained().thenCompose(done -> events.source(offset));
        }
        return backlog.isDrained().thenCompose(drained -> drained
                ? CompletableFuture.completedFuture(Source.<E>never())
                : events.source(offset));
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
