/**
 * MIG's dispatch module: the persistent module that takes every other persistent module's alerts and POSTs each,
 * as a JSON record about this agent (or a MozDef event around it), to a collector.
 */
package io.gator.agent.persist.dispatch;
