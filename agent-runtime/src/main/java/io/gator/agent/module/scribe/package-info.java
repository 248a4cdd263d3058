/** MIG's scribe module on the agent: a document's objects read from the host, its tests evaluated. */
package io.gator.agent.module.scribe;
