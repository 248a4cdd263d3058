/** {@code gator runner import}: MIG runner directories turned into the {@code mig schedule} commands that replace them. */
package io.gator.platform.runner;
