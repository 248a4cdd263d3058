/**
 * {@code mig loader} and {@code mig manifest}: MIG's loader entries and signed manifests managed through the API's
 * {@code /loader} and {@code /manifest} endpoints, as mig-console does (and shared with the console's readers).
 */
package io.gator.cli.loader;
