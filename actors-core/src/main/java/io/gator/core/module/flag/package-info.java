/**
 * A module's launch flags as data ({@link io.gator.core.module.flag.FlagForm}): what the CLI's parser and help,
 * or a form, are built from, and how the values given become the operation's parameters.
 */
package io.gator.core.module.flag;
