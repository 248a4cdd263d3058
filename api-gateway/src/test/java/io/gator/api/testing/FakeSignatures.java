package io.gator.api.testing;

import io.gator.api.action.ActionRejectedException;
import io.gator.api.action.ActionSignatureVerifier;
import io.gator.core.action.Action;
import io.gator.core.investigator.Investigator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for PGP action signature checks: a signature {@code fakesig:<fingerprint>} is "valid
 * from" that fingerprint, and signatures registered with {@link #known} (e.g. a fixture's real
 * signature) map to their signer. Anything else is refused, and so is a signer that is not active.
 */
public final class FakeSignatures implements ActionSignatureVerifier {
    private final Map<String, String> known = new ConcurrentHashMap<>();

    public void known(String signature, String fingerprint) {
        known.put(signature, fingerprint);
    }

    @Override
    public List<String> verify(Action action, List<Investigator> active) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < action.pgpSignatures().size(); i++) {
            String sig = action.pgpSignatures().get(i);
            String fp = sig.startsWith("fakesig:") ? sig.substring("fakesig:".length()) : known.get(sig);
            if (fp == null) {
                throw new ActionRejectedException("signature " + i + " is not a valid signature of this action");
            }
            if (active.stream().noneMatch(inv -> inv.pgpFingerprint().equalsIgnoreCase(fp))) {
                throw new ActionRejectedException("signature " + i + " is by " + fp
                        + ", which is not the key of an active investigator");
            }
            out.add(fp);
        }
        return out;
    }
}
