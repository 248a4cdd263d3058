/** Gator investigator-cli. */
package io.gator.cli;
