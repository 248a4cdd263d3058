/**
 * The agent ACL: which investigators' signatures, with which weights, an action needs per module
 * ({@link io.gator.core.acl.Acl}, {@link io.gator.core.acl.AclEvaluator}).
 */
package io.gator.core.acl;
