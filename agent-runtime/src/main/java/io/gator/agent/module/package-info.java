/** Module runners: the agent side of MIG's investigation modules. */
package io.gator.agent.module;
