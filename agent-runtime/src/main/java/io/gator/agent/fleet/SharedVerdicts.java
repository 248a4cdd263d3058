package io.gator.agent.fleet;

import io.gator.core.action.Action;
import io.gator.core.sign.SignatureException;
import io.gator.core.sign.SignatureVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fleet simulator's signature check: its agents share one keyring, so one action sent to all of them gets
 * the same verdict from each, and an accepted action's signers are remembered for a short while instead of
 * verifying the same RSA signatures once per simulated agent (which made the load generator, not the
 * platform, the bottleneck of a benchmark on one machine). A hit needs the very same action (record equality:
 * signed fields, signatures, everything); refusals are never remembered, and a verdict is reused for at most
 * {@code ttl} so an expiring signature is caught again. Real agents verify every command themselves.
 */
final class SharedVerdicts implements SignatureVerifier {
    private record Verdict(Action action, List<String> signers, Instant until) {}

    private final SignatureVerifier delegate;
    private final Duration ttl;
    private final int max;
    private final Clock clock;
    private final Map<List<String>, Verdict> verdicts = new ConcurrentHashMap<>();

    SharedVerdicts(SignatureVerifier delegate, Duration ttl, int max, Clock clock) {
        this.delegate = delegate;
        this.ttl = ttl;
        this.max = max;
        this.clock = clock;
    }

    @Override
    public String verify(byte[] data, String dearmoredSignature) throws SignatureException {
        return delegate.verify(data, dearmoredSignature);
    }

    @Override
    public List<String> verifyAction(Action action) throws SignatureException {
        Instant now = clock.instant();
        Verdict v = verdicts.get(action.pgpSignatures());
        if (v != null && now.isBefore(v.until()) && v.action().equals(action)) {
            return v.signers();
        }
        List<String> signers = delegate.verifyAction(action);
        if (verdicts.size() >= max) {
            verdicts.clear(); // a handful of actions are live at once; an overflow only costs re-verifying
        }
        verdicts.put(List.copyOf(action.pgpSignatures()), new Verdict(action, signers, now.plus(ttl)));
        return signers;
    }

    /** Verdicts held now (tests). */
    int size() {
        return verdicts.size();
    }
}
