/**
 * Module runners: the agent side of MIG's investigation modules, found through {@link java.util.ServiceLoader}
 * ({@link io.gator.agent.module.ModuleRegistry}).
 */
package io.gator.agent.module;
