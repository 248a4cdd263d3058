/**
 * {@code mig schedule}: a series of actions built and signed on the investigator's machine, one per run with its
 * own window, posted as one standing order; and its list, show and cancel.
 */
package io.gator.cli.schedule;
