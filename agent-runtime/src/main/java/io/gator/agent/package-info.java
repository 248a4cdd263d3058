/** Gator agent-runtime. */
package io.gator.agent;
