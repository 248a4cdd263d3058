package io.gator.api.action;

import io.gator.core.action.Action;
import io.gator.core.investigator.Investigator;

import java.util.List;

/**
 * Verifies every PGP signature of an action over its canonical string against the public keys
 * of the given (active) investigators. Wired to {@code io.gator.core.sign} in production.
 */
@FunctionalInterface
public interface ActionSignatureVerifier {
    /**
     * The fingerprint of each signature's signer, in signature order; throws
     * {@link ActionRejectedException} naming the first signature that is invalid or whose signer
     * is not among {@code activeInvestigators}.
     */
    List<String> verify(Action action, List<Investigator> activeInvestigators);
}
