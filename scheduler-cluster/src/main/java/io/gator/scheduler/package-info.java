/**
 * Gator scheduler node. {@code action}: the sharded, event-sourced {@code ActionEntity}, its command
 * publishers and confirm batching; {@code results}: the results-queue consumer routing batches through
 * sharding; {@code heartbeat}: heartbeat intake and agent statuses; {@code projection}: the read-side
 * projection of action events; {@code SchedulerNode} wires them, {@code ClusterConfig} turns
 * {@code gator.cluster.*} (seed nodes, roles, split brain resolver, management) into Pekko's cluster settings.
 */
package io.gator.scheduler;
