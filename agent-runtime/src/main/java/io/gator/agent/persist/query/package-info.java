/**
 * Investigators' queries to persistent modules: the runners the agent knows the modules by, and MIG's query
 * process ({@code -m <name>} with a {@code persistsock}).
 */
package io.gator.agent.persist.query;
