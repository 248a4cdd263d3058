/** Gator scheduler-cluster. */
package io.gator.scheduler;
