/**
 * Result sinks: each run's results, once its action finished, go to the sinks the order (or action) named: a
 * JSON-lines file in an allow-listed directory, an HTTP webhook, or a MIG runner plugin fed a RunnerResult. Delivery
 * progress is event-sourced per action ({@link io.gator.scheduler.sink.SinkDeliveryEntity}), so a node restart
 * resumes it.
 */
package io.gator.scheduler.sink;
