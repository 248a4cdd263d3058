/** Gator's MIG-compatible core: domain records, wire formats, signatures, ACL, targets, IDs and the relay. */
package io.gator.core;
