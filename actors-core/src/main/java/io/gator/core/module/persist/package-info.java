/** Queries to persistent modules (fswatch, audit, dispatch): parameters, flags and printer shared by all three. */
package io.gator.core.module.persist;
