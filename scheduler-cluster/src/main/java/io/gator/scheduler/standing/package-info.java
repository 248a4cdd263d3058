/**
 * Standing orders: a series of actions signed ahead by an investigator (one per run, each with its own window),
 * held by one event-sourced sharded entity that creates each action when its window opens. No server key is
 * involved: every run is a standard MIG action its signers made.
 */
package io.gator.scheduler.standing;
