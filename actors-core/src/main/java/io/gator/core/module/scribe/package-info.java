/** The scribe module: its document model, parameters, validation, flags, result shape and printer. */
package io.gator.core.module.scribe;
