package io.gator.scheduler.sink;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Where a delivery reads a run's results: empty while the run's action has not finished. */
@FunctionalInterface
public interface ResultSource {
    CompletionStage<Optional<RunResults>> finished(long actionId);
}
