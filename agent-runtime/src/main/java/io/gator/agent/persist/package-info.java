/**
 * Persistent modules: long-lived module actors under the agent's guardian (MIG's fswatch, audit, dispatch), their
 * configuration and their alerts.
 */
package io.gator.agent.persist;
