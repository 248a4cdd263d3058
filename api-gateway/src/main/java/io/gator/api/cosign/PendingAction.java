package io.gator.api.cosign;

import io.gator.core.action.Action;
import io.gator.core.action.SignedString;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * An action waiting for co-signatures: its ID (already the one it will be created with), the action with every
 * signature so far, who posted it, who signed it, its window and status, and a version that every change
 * increments (stores replace a record only at the version it was read at).
 */
public record PendingAction(long id, Action action, long postedById, String postedBy, List<CoSigner> signers,
                            OffsetDateTime createdAt, OffsetDateTime expiresAt, PendingStatus status, String closedBy,
                            long version) {
    public PendingAction {
        signers = List.copyOf(signers);
        closedBy = closedBy == null ? "" : closedBy;
    }

    /** The exact string every co-signer signs (MIG's canonical string of the action). */
    public String canonical() {
        return SignedString.of(action);
    }

    public List<String> fingerprints() {
        return signers.stream().map(CoSigner::fingerprint).toList();
    }

    PendingAction signedBy(String signature, CoSigner signer) {
        List<String> sigs = new ArrayList<>(action.pgpSignatures());
        sigs.add(signature);
        List<CoSigner> who = new ArrayList<>(signers);
        who.add(signer);
        return new PendingAction(id, action.withSignatures(sigs), postedById, postedBy, who, createdAt, expiresAt,
                status, closedBy, version + 1);
    }

    /** The same change, now also with another status. */
    PendingAction withStatus(PendingStatus to) {
        return new PendingAction(id, action, postedById, postedBy, signers, createdAt, expiresAt, to, closedBy, version);
    }

    PendingAction closed(PendingStatus to, String by) {
        return new PendingAction(id, action, postedById, postedBy, signers, createdAt, expiresAt, to, by, version + 1);
    }
}
