package io.gator.agent.verify;

import io.gator.core.acl.Acl;
import io.gator.core.acl.AclEvaluator;
import io.gator.core.acl.AclException;
import io.gator.core.action.Action;
import io.gator.core.action.ActionValidator;
import io.gator.core.action.Compression;
import io.gator.core.action.InvalidActionException;
import io.gator.core.action.Operation;
import io.gator.core.command.Command;
import io.gator.core.sign.SignatureVerifier;
import io.gator.core.sign.SignatureException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The agent's gate, in MIG's order and stricter: the action's structure, its validity window
 * against this host's clock, every signature against the agent's keyring, the ACL weights of each
 * operation, then that each module exists here and its parameters are valid. The first failure
 * refuses the command with a reason that starts with the kind of failure.
 */
public final class SignedCommandVerifier implements CommandVerifier {
    /** gator.agent.max-parameters-size's default. */
    public static final int DEFAULT_MAX_PARAMETER_BYTES = 1024 * 1024;
    private final SignatureVerifier signatures;
    private final Acl acl;
    private final boolean onlyVerifyPubKey;
    private final ModuleCatalog modules;
    private final Clock clock;
    private final Duration skew;
    private final int maxParameterBytes;

    /** With the default limit on decompressed parameters ({@link #DEFAULT_MAX_PARAMETER_BYTES}). */
    public SignedCommandVerifier(SignatureVerifier signatures, Acl acl, boolean onlyVerifyPubKey, ModuleCatalog modules,
                                 Clock clock, Duration skew) {
        this(signatures, acl, onlyVerifyPubKey, modules, clock, skew, DEFAULT_MAX_PARAMETER_BYTES);
    }

    /** @param maxParameterBytes largest decompressed parameters of one operation (gator.agent.max-parameters-size) */
    public SignedCommandVerifier(SignatureVerifier signatures, Acl acl, boolean onlyVerifyPubKey, ModuleCatalog modules,
                                 Clock clock, Duration skew, int maxParameterBytes) {
        this.maxParameterBytes = maxParameterBytes;
        this.signatures = signatures;
        this.acl = acl;
        this.onlyVerifyPubKey = onlyVerifyPubKey;
        this.modules = modules;
        this.clock = clock;
        this.skew = skew;
    }

    /** The same gate with another signature check (the fleet simulator shares verdicts between its agents). */
    public SignedCommandVerifier withSignatures(SignatureVerifier other) {
        return new SignedCommandVerifier(other, acl, onlyVerifyPubKey, modules, clock, skew, maxParameterBytes);
    }

    /** The signature check in use. */
    public SignatureVerifier signatures() {
        return signatures;
    }

    @Override
    public void verify(Command command) throws CommandRefusedException {
        Action a = command.action();
        try {
            ActionValidator.validateStructure(a);
        } catch (InvalidActionException e) {
            throw new CommandRefusedException("invalid action: " + e.getMessage());
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (now.plus(skew).isBefore(a.validFrom())) {
            throw new CommandRefusedException("not yet valid: action is valid from " + a.validFrom());
        }
        if (!now.minus(skew).isBefore(a.expireAfter())) {
            throw new CommandRefusedException("expired: action expired at " + a.expireAfter());
        }
        List<String> signers;
        try {
            signers = signatures.verifyAction(a);
        } catch (SignatureException e) {
            String kind = switch (e.kind()) {
                case UNKNOWN_SIGNER -> "unknown signer";
                case BAD_SIGNATURE -> "bad signature";
                case DUPLICATE_SIGNER -> "duplicate signer";
                case NO_SIGNATURE -> "unsigned";
                default -> "malformed signature";
            };
            throw new CommandRefusedException(kind + ": " + e.getMessage(), e);
        }
        try {
            AclEvaluator.checkAction(acl, a, signers, onlyVerifyPubKey);
        } catch (AclException e) {
            String kind = switch (e.reason()) {
                case INSUFFICIENT_WEIGHT -> "insufficient weight";
                case NO_ENTRY -> "no ACL entry";
                case DUPLICATE_SIGNER -> "duplicate signer";
                default -> "ACL refused";
            };
            throw new CommandRefusedException(kind + ": action ACL verification failed: " + e.getMessage(), e);
        }
        for (Operation op : a.operations()) {
            if (!modules.has(op.module())) {
                throw new CommandRefusedException("unknown module: module '" + op.module() + "' is not available");
            }
            try {
                modules.validate(op.module(), Compression.parameters(op, maxParameterBytes));
            } catch (Exception e) {
                throw new CommandRefusedException("invalid parameters for module " + op.module() + ": " + e.getMessage(), e);
            }
        }
    }
}
