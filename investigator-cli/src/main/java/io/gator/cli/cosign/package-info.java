/** {@code mig cosign}: list, review and co-sign actions awaiting signatures on the API. */
package io.gator.cli.cosign;
