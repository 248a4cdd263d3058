/** Gator api-gateway. */
package io.gator.api;
