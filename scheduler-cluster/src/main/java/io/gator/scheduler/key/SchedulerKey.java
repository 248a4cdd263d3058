package io.gator.scheduler.key;

import io.gator.core.investigator.Investigator;
import io.gator.core.sign.KeyGen;
import io.gator.core.sign.PgpSigner;
import io.gator.core.sign.SignatureException;
import io.gator.core.sign.Signer;
import io.gator.persistence.Database;
import io.gator.persistence.scheduler.SchedulerKeyRepository;
import io.gator.persistence.scheduler.SchedulerKeyRepository.StoredKey;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's own OpenPGP identity (MIG's {@code migscheduler}): it signs the actions the scheduler
 * issues by itself (agentdestroy for duplicate agents). Generated once, by the first node that finds none,
 * stored in the database and used by every node after. Agents accept those actions only if their ACL gives
 * the key's fingerprint weight for the module; operators get the public key with {@code gator db scheduler-key}.
 */
public final class SchedulerKey {
    private static final Logger log = LoggerFactory.getLogger(SchedulerKey.class);

    /** The key in use: its stored form (public key, fingerprint), a signer, and its investigators row. */
    public record Loaded(StoredKey stored, Signer signer, Investigator investigator, boolean generatedHere) {
        public String fingerprint() {
            return stored.fingerprint();
        }

        public String armoredPublicKey() {
            return stored.armoredPublicKey();
        }
    }

    private SchedulerKey() {}

    /**
     * The stored key, generated and stored first when there is none. Race-safe across nodes: every node
     * inserts only if absent and then uses whatever the table holds, so all nodes sign with one key.
     */
    public static Loaded ensure(Database db, KeySettings settings, Clock clock) {
        SchedulerKeyRepository repo = new SchedulerKeyRepository(db);
        boolean generated = false;
        StoredKey stored = repo.find().orElse(null);
        if (stored == null) {
            long t0 = System.nanoTime();
            KeyGen.GeneratedKey k = KeyGen.rsa(settings.userId(), settings.rsaBits());
            StoredKey candidate = new StoredKey(settings.name(), k.fingerprint(), k.armoredPublicKey(),
                    k.armoredSecretKey(), OffsetDateTime.now(clock));
            generated = repo.insertIfAbsent(candidate);
            stored = repo.find().orElseThrow(() -> new IllegalStateException("scheduler key vanished after insert"));
            if (generated) {
                log.info("generated the scheduler signing key {} (RSA {}, {} ms)", stored.fingerprint(),
                        settings.rsaBits(), (System.nanoTime() - t0) / 1_000_000);
            } else {
                log.info("another scheduler node stored its key first; using {}", stored.fingerprint());
            }
        }
        Signer signer;
        try {
            signer = PgpSigner.fromArmoredSecretKey(stored.armoredPrivateKey(), new char[0]);
        } catch (SignatureException e) {
            throw new IllegalStateException("the stored scheduler key cannot sign: " + e.getMessage(), e);
        }
        Investigator inv = repo.ensureInvestigator(stored);
        return new Loaded(stored, signer, inv, generated);
    }

    /** The armored public key for agents' ACLs and keyrings (generating the key first if no node did yet). */
    public static String exportPublicKey(Database db, KeySettings settings, Clock clock) {
        return ensure(db, settings, clock).armoredPublicKey();
    }
}
