/**
 * MIG's investigation modules as shared definitions, found through {@link java.util.ServiceLoader}
 * ({@link io.gator.core.module.ModuleDefinitions}): parameter records with validation, launch flags, result
 * element records and printers. The runners live in the agent ({@code io.gator.agent.module}).
 */
package io.gator.core.module;
