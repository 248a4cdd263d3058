/** The {@code mig} command: MIG's investigator CLI, flag for flag, plus Gator's additions. */
package io.gator.cli;
