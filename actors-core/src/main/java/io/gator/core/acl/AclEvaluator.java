package io.gator.core.acl;

import io.gator.core.acl.AclException.Reason;
import io.gator.core.action.Action;
import io.gator.core.action.Operation;
import io.gator.core.sign.Keyring;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The agent's permission check (MIG's {@code verifyPermission}), run after every signature of the
 * action verified against the agent's keyring. Per operation: the module's entry, else
 * {@code default}, else refuse; sum the weights of the distinct signers listed in that entry;
 * refuse below {@code minimumweight}. Stateless.
 */
public final class AclEvaluator {
    private AclEvaluator() {}

    /**
     * Checks one module against the verified signers.
     *
     * @param signerFingerprints primary fingerprints returned by signature verification
     * @param onlyVerifyPubKey skip weights: any verified known key may run any module
     * @throws AclException naming the reason the operation is refused
     */
    public static AclDecision check(Acl acl, String module, List<String> signerFingerprints,
            boolean onlyVerifyPubKey) throws AclException {
        if (signerFingerprints.isEmpty()) {
            throw new AclException(Reason.NO_SIGNER, "permission denied for operation " + module
                    + ": no valid signature from a known key");
        }
        Set<String> seen = new HashSet<>();
        for (String fp : signerFingerprints) {
            if (!seen.add(Keyring.normalize(fp))) {
                throw new AclException(Reason.DUPLICATE_SIGNER, "permission violation: key id " + fp
                        + " used to sign multiple times");
            }
        }
        if (onlyVerifyPubKey) {
            return new AclDecision(module, "", 0, 0, signerFingerprints);
        }
        String entryName = acl.entries().containsKey(module) ? module : Acl.DEFAULT;
        AclEntry entry = acl.entries().get(entryName);
        if (entry == null) {
            throw new AclException(Reason.NO_ENTRY, "no ACL entry for module " + module);
        }
        if (entry.minimumWeight() < 1) {
            throw new AclException(Reason.INVALID_ACL, "invalid ACL entry '" + entryName
                    + "': minimumweight must be at least 1, got " + entry.minimumWeight());
        }
        int weight = 0;
        List<String> counted = new ArrayList<>();
        for (String fp : signerFingerprints) {
            String want = Keyring.normalize(fp);
            for (var e : entry.investigators().entrySet()) {
                AclInvestigator inv = e.getValue();
                if (Keyring.normalize(inv.fingerprint()).equals(want)) {
                    if (inv.weight() < 0) {
                        throw new AclException(Reason.INVALID_ACL, "invalid ACL entry '" + entryName
                                + "': investigator " + e.getKey() + " has a negative weight " + inv.weight());
                    }
                    weight += inv.weight();
                    counted.add(want);
                    break; // a signer counts once even if listed under two labels
                }
            }
        }
        if (weight < entry.minimumWeight()) {
            throw new AclException(Reason.INSUFFICIENT_WEIGHT, "permission denied for operation " + module
                    + ", insufficient signatures weight (need " + entry.minimumWeight() + ", got " + weight + ")");
        }
        return new AclDecision(module, entryName, weight, entry.minimumWeight(), counted);
    }

    /**
     * Checks every operation of an action; the first refusal wins.
     *
     * @return one decision per operation, in order
     */
    public static List<AclDecision> checkAction(Acl acl, Action action, List<String> signerFingerprints,
            boolean onlyVerifyPubKey) throws AclException {
        List<AclDecision> out = new ArrayList<>();
        for (Operation op : action.operations()) {
            out.add(check(acl, op.module(), signerFingerprints, onlyVerifyPubKey));
        }
        return List.copyOf(out);
    }
}
