/** MIG's fswatch persistent module: file and directory watching, hashing and alerts. */
package io.gator.agent.persist.fswatch;
