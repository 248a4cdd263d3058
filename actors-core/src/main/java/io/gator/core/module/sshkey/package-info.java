/** The sshkey module's parameters, flags, result shape and printer. */
package io.gator.core.module.sshkey;
