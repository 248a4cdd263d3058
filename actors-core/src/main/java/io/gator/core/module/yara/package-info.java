/** The yara module's parameters, flags, result shape and printer. */
package io.gator.core.module.yara;
