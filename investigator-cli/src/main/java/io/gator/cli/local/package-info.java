/**
 * {@code mig MODULE -t local}: the module runs on the investigator's machine through the agent's direct mode
 * ({@code gator-agent.jar -m MODULE}), started as a process so that the CLI links no agent code.
 */
package io.gator.cli.local;
