package io.gator.core.acl;

import java.util.List;

/**
 * An ACL acceptance: which entry was used ({@code default} or the module's name), the weight the
 * signers reached and the weight needed (both 0 when only public keys were verified), and the
 * signers counted.
 */
public record AclDecision(String module, String entry, int weight, int minimumWeight, List<String> countedSigners) {
    public AclDecision {
        countedSigners = countedSigners == null ? List.of() : List.copyOf(countedSigners);
    }
}
