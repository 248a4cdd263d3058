package io.gator.agent.persist.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One rule of a libaudit-go JSON rules file. */
public sealed interface AuditRuleSpec {
    /** A watch on a path ({@code -w path -p perms -k key}); a missing path is skipped unless strict. */
    record FileRule(String path, String key, String permission, boolean strictPathCheck) implements AuditRuleSpec {}

    /** A syscall rule: {@code actions} hold both the action (always/never/possible) and the filter list. */
    record SyscallRule(String key, List<Field> fields, List<String> syscalls, List<String> actions)
            implements AuditRuleSpec {}

    /** A field comparison; the value is a JSON number or string as written. */
    record Field(String name, JsonNode value, String op) {}
}
