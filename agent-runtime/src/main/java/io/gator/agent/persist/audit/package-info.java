/**
 * MIG's audit module: the kernel's audit subsystem over netlink ({@link io.gator.agent.persist.audit.AuditNetlink},
 * real through JNA, faked in tests), libaudit-go's JSON rules encoded as kernel rules, and audit records parsed
 * and joined into events sent as alerts. Started, it replaces the host's kernel audit rules, as MIG's does.
 */
package io.gator.agent.persist.audit;
