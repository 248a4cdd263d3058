package io.gator.api.cosign;

import io.gator.api.action.ActionChecks;
import io.gator.api.action.ActionRejectedException;
import io.gator.api.auth.Admins;
import io.gator.api.backend.ActionIds;
import io.gator.api.backend.ApiBackend;
import io.gator.api.backend.BackendRejectedException;
import io.gator.api.backend.BackendUnavailableException;
import io.gator.api.backend.ForbiddenException;
import io.gator.api.backend.NotFoundException;
import io.gator.core.action.Action;
import io.gator.core.investigator.Investigator;
import io.gator.core.sign.Armor;
import io.gator.core.sign.Keyring;
import io.gator.core.sign.SignatureException;
import io.gator.persistence.PersistenceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Holds actions whose signatures weigh too little, adds co-signatures (each verified as at creation, and by
 * the calling investigator's own key), and creates the action through the backend, under the ID it was held
 * with, once every module reaches its weight. Nothing here signs.
 */
public final class CosignService {
    private static final Logger LOG = LoggerFactory.getLogger(CosignService.class);
    /** Largest armored signature accepted; a detached signature is well under 2 KiB. */
    public static final int MAX_SIGNATURE_CHARS = 16 * 1024;
    /** Most pending actions one listing returns. */
    public static final int LIST_LIMIT = 200;
    /** Attempts at a change when another node changed the record meanwhile. */
    private static final int ATTEMPTS = 5;

    private final CosignSettings settings;
    private final PendingStore store;
    private final ApiBackend backend;
    private final ActionChecks checks;
    private final Clock clock;
    private final Executor blocking;
    private final ActionIds ids;

    public CosignService(CosignSettings settings, PendingStore store, ApiBackend backend, ActionChecks checks,
                         Clock clock, Executor blocking) {
        this.settings = settings;
        this.store = store;
        this.backend = backend;
        this.checks = checks;
        this.clock = clock;
        this.blocking = blocking;
        this.ids = new ActionIds(clock);
    }

    /** Co-signing off: every action is created as MIG creates it; the endpoints show nothing pending. */
    public static CosignService off(ApiBackend backend, ActionChecks checks, Clock clock) {
        return new CosignService(CosignSettings.OFF, new MemoryPendingStore(), backend, checks, clock, Runnable::run);
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** The weighing when the signers fall short of the mirrored ACL; empty when agents would run it (or it is off). */
    public Optional<Weighing> shortfall(Action action, List<Investigator> signers) {
        if (!enabled()) {
            return Optional.empty();
        }
        Weighing w = Weighing.of(settings.acl(), action, signers.stream().map(Investigator::pgpFingerprint).toList());
        return w.sufficient() ? Optional.empty() : Optional.of(w);
    }

    /** The weights of a pending action's signatures so far. */
    public Weighing weigh(PendingAction p) {
        return Weighing.of(settings.acl(), p.action(), p.fingerprints());
    }

    /** Stores a checked action (signatures verified) as awaiting co-signatures, under the ID it will keep. */
    public CompletionStage<PendingAction> hold(Action action, List<Investigator> signers, Investigator postedBy) {
        return io(() -> {
            OffsetDateTime now = now();
            OffsetDateTime end = now.plus(settings.window());
            OffsetDateTime expires = action.expireAfter().isBefore(end) ? action.expireAfter() : end;
            List<CoSigner> who = signers.stream()
                    .map(i -> new CoSigner(i.id(), i.name(), Keyring.normalize(i.pgpFingerprint()), now)).toList();
            Action held = action.withInvestigators(List.of()).withStatus("");
            for (int i = 0; i < ATTEMPTS; i++) {
                long id = ids.next();
                PendingAction p = new PendingAction(id, held.withId(id), postedBy.id(), postedBy.name(), who, now,
                        expires, PendingStatus.AWAITING, "", 1);
                if (store.insert(p)) {
                    return p;
                }
            }
            throw new BackendUnavailableException("no free action ID for a pending action, retry");
        });
    }

    /** One pending action (marked expired first when its window is over). */
    public CompletionStage<PendingAction> get(long id) {
        return io(() -> current(id));
    }

    /** Newest first: those awaiting signatures, or all of them. */
    public CompletionStage<List<PendingAction>> list(boolean all) {
        return io(() -> store.list(all, LIST_LIMIT).stream().map(this::expireIfDue)
                .filter(p -> all || p.status() == PendingStatus.AWAITING).toList());
    }

    /** What a co-signature led to: the pending action afterwards, and the action when it was created. */
    public record Signed(PendingAction pending, Optional<Action> launched) {}

    /**
     * Adds the caller's signature over the pending action's canonical string: it must verify, be made by the
     * caller's own active key, and be the first from that key; the action is created once the weight is reached.
     */
    public CompletionStage<Signed> sign(long id, String signature, Investigator caller) {
        String sig = signature == null ? "" : signature.strip();
        if (sig.isEmpty()) {
            return CompletableFuture.failedFuture(new ActionRejectedException(
                    "missing form field 'signature' (an armored detached signature of the canonical string)"));
        }
        if (sig.length() > MAX_SIGNATURE_CHARS) {
            return CompletableFuture.failedFuture(new ActionRejectedException(
                    "signature is longer than " + MAX_SIGNATURE_CHARS + " characters"));
        }
        String stored;
        try {
            // pgpsignatures hold MIG's de-armored form; an armored signature (gpg --armor, OpenPGP.js) is converted
            stored = sig.contains("-----BEGIN PGP SIGNATURE-----") ? Armor.dearmor(sig) : sig;
        } catch (SignatureException e) {
            return CompletableFuture.failedFuture(new ActionRejectedException("malformed signature: "
                    + e.getMessage()));
        }
        return backend.activeInvestigators().thenCompose(active -> io(() -> addSignature(id, stored, caller, active))
                .thenCompose(next -> launchIfReady(next, active)));
    }

    private PendingAction addSignature(long id, String sig, Investigator caller, List<Investigator> active) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            PendingAction p = awaiting(id);
            String mine = Keyring.normalize(caller.pgpFingerprint());
            if (p.fingerprints().stream().map(Keyring::normalize).anyMatch(mine::equals)) {
                throw new ActionRejectedException("investigator " + caller.name() + " already signed action " + id
                        + ": a key counts once");
            }
            List<Investigator> by;
            try {
                by = checks.signers(p.action().withSignatures(List.of(sig)), active);
            } catch (ActionRejectedException e) {
                throw new ActionRejectedException("the signature is refused for action " + id + " (it must be over "
                        + "its canonical string, by an active investigator's key): " + e.getMessage());
            }
            if (by.size() != 1 || by.get(0).id() != caller.id()) {
                throw new ForbiddenException("the signature is by " + by.get(0).name() + ", not by "
                        + caller.name() + ": each investigator signs with their own key");
            }
            List<String> all = new java.util.ArrayList<>(p.action().pgpSignatures());
            all.add(sig);
            checks.signers(p.action().withSignatures(all), active); // earlier signers must still be active
            PendingAction candidate = p.signedBy(sig, new CoSigner(caller.id(), caller.name(), mine, now()));
            if (weigh(candidate).sufficient()) {
                // frozen in the same write that reaches the weight: no later signature can change what is created
                candidate = candidate.withStatus(PendingStatus.LAUNCHED);
            }
            if (store.replace(candidate)) {
                LOG.info("action {} co-signed by {}", id, caller.name());
                return candidate;
            }
        }
        throw new BackendUnavailableException("action " + id + " kept changing, retry");
    }

    /**
     * Creates a pending action whose weight is reached, again after a failed attempt (creation under the same ID
     * is idempotent); one still awaiting whose weight is reached now (the mirrored ACL changed) is frozen first.
     */
    public CompletionStage<Signed> launch(long id) {
        return backend.activeInvestigators().thenCompose(active -> io(() -> {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                PendingAction p = current(id);
                if (p.status() == PendingStatus.LAUNCHED) {
                    return p;
                }
                if (p.status() != PendingStatus.AWAITING) {
                    throw new BackendRejectedException("action " + id + " is " + p.status().label());
                }
                Weighing w = weigh(p);
                if (!w.sufficient()) {
                    throw new BackendRejectedException("action " + id + " still awaits signatures: " + w.missing());
                }
                PendingAction frozen = p.closed(PendingStatus.LAUNCHED, "");
                if (store.replace(frozen)) {
                    return frozen;
                }
            }
            throw new BackendUnavailableException("action " + id + " kept changing, retry");
        }).thenCompose(p -> launchIfReady(p, active)));
    }

    /** Creates the action of a record frozen as launched, under its ID, as {@code /action/create/} would. */
    private CompletionStage<Signed> launchIfReady(PendingAction p, List<Investigator> active) {
        if (p.status() != PendingStatus.LAUNCHED) {
            return CompletableFuture.completedFuture(new Signed(p, Optional.empty()));
        }
        List<Investigator> signers = checks.signers(p.action(), active).stream()
                .map(i -> new Investigator(i.id(), i.name(), i.pgpFingerprint(), "", i.status(), i.createdAt(),
                        i.lastModified(), i.permissions()))
                .toList();
        Investigator poster = active.stream().filter(i -> i.id() == p.postedById()).findFirst()
                .orElse(signers.get(0));
        return backend.createActionWithId(p.id(), p.action(), signers, poster).thenApply(created -> {
            LOG.info("co-signed action {} reached its weight and was created", p.id());
            return new Signed(p, Optional.of(created));
        });
    }

    /** Withdraws an action awaiting signatures; only its poster or an administrator may. */
    public CompletionStage<PendingAction> cancel(long id, Investigator caller) {
        return io(() -> {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                PendingAction p = awaiting(id);
                if (p.postedById() != caller.id() && !Admins.isAdmin(caller.permissions())) {
                    throw new ForbiddenException("investigator " + caller.name() + " neither posted action " + id
                            + " nor is an administrator");
                }
                PendingAction done = p.closed(PendingStatus.CANCELLED, caller.name());
                if (store.replace(done)) {
                    LOG.info("pending action {} cancelled by {}", id, caller.name());
                    return done;
                }
            }
            throw new BackendUnavailableException("action " + id + " kept changing, retry");
        });
    }

    private PendingAction current(long id) {
        return expireIfDue(store.get(id).orElseThrow(() ->
                new NotFoundException("no action " + id + " awaits or awaited co-signatures")));
    }

    private PendingAction awaiting(long id) {
        PendingAction p = current(id);
        if (p.status() != PendingStatus.AWAITING) {
            throw new BackendRejectedException("action " + id + " no longer awaits signatures: it is "
                    + p.status().label());
        }
        return p;
    }

    private PendingAction expireIfDue(PendingAction p) {
        if (p.status() != PendingStatus.AWAITING || now().isBefore(p.expiresAt())) {
            return p;
        }
        PendingAction expired = p.closed(PendingStatus.EXPIRED, "");
        if (store.replace(expired)) {
            LOG.info("pending action {} expired before reaching its weight", p.id());
            return expired;
        }
        return store.get(p.id()).orElse(expired);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private <T> CompletionStage<T> io(Supplier<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.get();
            } catch (PersistenceException e) {
                throw new BackendUnavailableException("database: " + e.getMessage());
            }
        }, blocking);
    }
}
