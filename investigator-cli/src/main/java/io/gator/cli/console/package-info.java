/**
 * {@code mig console}: MIG's interactive console over the API, on JLine: a prompt per context (the top level, an
 * action, an agent, an investigator), MIG's search syntax, line editing, a history file and tab completion.
 */
package io.gator.cli.console;
