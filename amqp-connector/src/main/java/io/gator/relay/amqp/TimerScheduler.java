package io.gator.relay.amqp;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.Scheduler;
import scala.concurrent.ExecutionContext;
import scala.concurrent.duration.FiniteDuration;

/**
 * Pekko's {@link Scheduler} on the relay's own timer thread: the relay lives outside any actor system (launchers
 * start it before theirs) yet reconnects with Pekko's {@code Patterns.retry}, which needs a scheduler.
 */
final class TimerScheduler implements Scheduler {
    private final ScheduledExecutorService timer;

    TimerScheduler(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    @Override
    public Cancellable scheduleOnce(FiniteDuration delay, Runnable runnable, ExecutionContext executor) {
        try {
            return cancellable(timer.schedule(() -> executor.execute(runnable), delay.toNanos(),
                    TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the relay's timer is shut down", e);
        }
    }

    @Override
    public Cancellable schedule(FiniteDuration initialDelay, FiniteDuration interval, Runnable runnable,
                                ExecutionContext executor) {
        try {
            return cancellable(timer.scheduleAtFixedRate(() -> executor.execute(runnable), initialDelay.toNanos(),
                    interval.toNanos(), TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the relay's timer is shut down", e);
        }
    }

    @Override
    public double maxFrequency() {
        // a ScheduledThreadPoolExecutor has no tick: one task per millisecond is a fair bound to advertise
        return 1000;
    }

    private static Cancellable cancellable(ScheduledFuture<?> f) {
        return new Cancellable() {
            @Override
            public boolean cancel() {
                return f.cancel(false);
            }

            @Override
            public boolean isCancelled() {
                return f.isCancelled();
            }
        };
    }
}
