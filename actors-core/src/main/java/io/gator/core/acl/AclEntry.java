package io.gator.core.acl;

import java.util.Map;

/**
 * The ACL of one module (or of {@code default}): the total weight of signatures an action needs,
 * and the investigators whose signatures count, by label.
 */
public record AclEntry(int minimumWeight, Map<String, AclInvestigator> investigators) {
    public AclEntry {
        investigators = investigators == null ? Map.of() : Map.copyOf(investigators);
    }
}
