/** Gator persistence. */
package io.gator.persistence;
