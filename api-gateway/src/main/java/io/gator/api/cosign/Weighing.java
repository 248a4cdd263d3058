package io.gator.api.cosign;

import io.gator.api.action.ActionRejectedException;
import io.gator.core.acl.Acl;
import io.gator.core.acl.AclEntry;
import io.gator.core.acl.AclEvaluator;
import io.gator.core.acl.AclException;
import io.gator.core.acl.AclInvestigator;
import io.gator.core.action.Action;
import io.gator.core.action.Operation;
import io.gator.core.sign.Keyring;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The signature weight of an action per module, as agents compute it: the verdict is
 * {@link AclEvaluator#check}'s (the agents' own code), the figures show how far each module is from it.
 */
public record Weighing(List<ModuleWeight> modules) {
    public Weighing {
        modules = List.copyOf(modules);
    }

    /** Whether agents with the mirrored ACL would run every module. */
    public boolean sufficient() {
        return modules.stream().allMatch(ModuleWeight::sufficient);
    }

    /** What is missing, readable: {@code "file: 1 of 2, needs 1 more"}; empty when sufficient. */
    public String missing() {
        return modules.stream().filter(m -> !m.sufficient())
                .map(m -> m.module() + ": " + m.collected() + " of " + m.needed() + ", needs "
                        + (m.needed() - m.collected()) + " more")
                .collect(Collectors.joining("; "));
    }

    /**
     * Weighs the signers' fingerprints against each distinct module of the action.
     *
     * @throws ActionRejectedException when no co-signature can help: no ACL entry for a module, an invalid entry,
     *         or a key that signed twice
     */
    public static Weighing of(Acl acl, Action action, List<String> signerFingerprints) {
        Set<String> modules = new LinkedHashSet<>();
        for (Operation op : action.operations()) {
            modules.add(op.module());
        }
        List<ModuleWeight> out = new ArrayList<>();
        for (String module : modules) {
            String entryName = acl.entries().containsKey(module) ? module : Acl.DEFAULT;
            try {
                var d = AclEvaluator.check(acl, module, signerFingerprints, false);
                out.add(new ModuleWeight(module, d.entry(), d.weight(), d.minimumWeight()));
            } catch (AclException e) {
                if (e.reason() != AclException.Reason.INSUFFICIENT_WEIGHT
                        && e.reason() != AclException.Reason.NO_SIGNER) {
                    throw new ActionRejectedException("agents would refuse this action whatever its signatures: "
                            + e.getMessage() + " (gator.api.cosign.acl)");
                }
                AclEntry entry = acl.entries().get(entryName);
                out.add(new ModuleWeight(module, entryName, collected(entry, signerFingerprints),
                        entry.minimumWeight()));
            }
        }
        return new Weighing(out);
    }

    /** The weight the evaluator found too low: each distinct listed signer once. */
    private static int collected(AclEntry entry, List<String> signerFingerprints) {
        Set<String> seen = new HashSet<>();
        int weight = 0;
        for (String fp : signerFingerprints) {
            String want = Keyring.normalize(fp);
            if (!seen.add(want)) {
                continue;
            }
            for (AclInvestigator inv : entry.investigators().values()) {
                if (Keyring.normalize(inv.fingerprint()).equals(want)) {
                    weight += inv.weight();
                    break;
                }
            }
        }
        return weight;
    }
}
