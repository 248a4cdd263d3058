package io.gator.api.crypto;

import io.gator.api.action.ActionRejectedException;
import io.gator.api.action.ActionSignatureVerifier;
import io.gator.core.action.Action;
import io.gator.core.investigator.Investigator;
import io.gator.core.sign.PgpVerifier;
import io.gator.core.sign.SignatureException;
import java.util.List;

/** Every signature of an action must verify and come from one of the given active investigators. */
public final class PgpActionSignatureVerifier implements ActionSignatureVerifier {
    @Override
    public List<String> verify(Action action, List<Investigator> activeInvestigators) {
        try {
            return new PgpVerifier(InvestigatorKeyring.of(activeInvestigators)).verifyAction(action);
        } catch (SignatureException e) {
            String kind = switch (e.kind()) {
                case UNKNOWN_SIGNER -> "signature from an unknown or inactive investigator";
                case BAD_SIGNATURE -> "invalid signature";
                case DUPLICATE_SIGNER -> "the same investigator signed twice";
                case NO_SIGNATURE -> "action is not signed";
                default -> "malformed signature";
            };
            throw new ActionRejectedException(kind + ": " + e.getMessage());
        }
    }
}
