package io.gator.scheduler.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.investigator.Investigator;
import io.gator.core.investigator.Permissions;
import io.gator.core.sign.Keyring;
import io.gator.core.sign.PgpVerifier;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.PersistenceSettings;
import io.gator.persistence.TestDatabase;
import io.gator.persistence.investigator.InvestigatorRepository;
import io.gator.persistence.schema.SchemaInit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The scheduler's signing key: made once by whichever node comes first, shared by all, reused after. */
class SchedulerKeyTest {
    static final KeySettings SETTINGS = new KeySettings("migscheduler", "migscheduler (test) <scheduler@gator>", 2048);

    @Test
    void nodesStartingTogetherOnPostgresAllEndWithOneStoredKey() throws Exception {
        try (TestDatabase tdb = TestDatabase.create(); Database db = Database.open(tdb.settings())) {
            SchemaInit.apply(db.dataSource(), Dialect.POSTGRES);
            SchemaInit.apply(db.dataSource(), Dialect.POSTGRES); // idempotent
            int nodes = 4;
            ExecutorService pool = Executors.newFixedThreadPool(nodes);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<SchedulerKey.Loaded>> starts = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                starts.add(pool.submit(() -> {
                    go.await();
                    return SchedulerKey.ensure(db, SETTINGS, Clock.systemUTC());
                }));
            }
            go.countDown();
            List<SchedulerKey.Loaded> loaded = new ArrayList<>();
            for (Future<SchedulerKey.Loaded> f : starts) {
                loaded.add(f.get(120, TimeUnit.SECONDS));
            }
            pool.shutdown();
            Set<String> fingerprints = loaded.stream().map(SchedulerKey.Loaded::fingerprint).collect(Collectors.toSet());
            assertEquals(1, fingerprints.size(), "every node signs with the same key: " + fingerprints);
            assertTrue(loaded.stream().filter(SchedulerKey.Loaded::generatedHere).count() <= 1,
                    "at most one node's generated key was stored");
            assertEquals(1, count(db, "SELECT COUNT(*) FROM scheduler_key"));
            assertEquals(1, count(db, "SELECT COUNT(*) FROM investigators WHERE name = 'migscheduler'"));

            // a later start reuses the stored key
            SchedulerKey.Loaded again = SchedulerKey.ensure(db, SETTINGS, Clock.systemUTC());
            assertFalse(again.generatedHere());
            assertEquals(fingerprints.iterator().next(), again.fingerprint());

            // presented as an active investigator without any API permission; the private key is not in that row
            Investigator inv = new InvestigatorRepository(db).findByFingerprint(again.fingerprint()).orElseThrow();
            assertEquals("migscheduler", inv.name());
            assertEquals("active", inv.status());
            assertEquals(Permissions.NONE, inv.permissions());
            assertEquals(again.armoredPublicKey(), new String(java.util.Base64.getDecoder().decode(inv.publicKey()),
                    StandardCharsets.UTF_8), "base64 of the armored public key, as MIG's API carries keys");
            assertTrue(again.stored().toString().indexOf("PRIVATE") < 0, "toString must not leak the private key");

            // what any node signs verifies against the exported public key
            String exported = SchedulerKey.exportPublicKey(db, SETTINGS, Clock.systemUTC());
            assertTrue(exported.startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----"), exported);
            byte[] data = "name=x;".getBytes(StandardCharsets.UTF_8);
            String sig = loaded.get(nodes - 1).signer().sign(data);
            assertEquals(again.fingerprint(),
                    new PgpVerifier(Keyring.ofArmored(List.of(exported))).verify(data, sig));
        }
    }

    @Test
    void embeddedH2KeepsTheKeyAcrossRestarts(@org.junit.jupiter.api.io.TempDir Path dir) {
        PersistenceSettings s = new PersistenceSettings(Dialect.H2, "jdbc:h2:file:" + dir.resolve("gator")
                , "sa", "", 2, 2, true, 500);
        String first;
        try (Database db = Database.open(s)) {
            SchemaInit.apply(db.dataSource(), Dialect.H2);
            SchedulerKey.Loaded k = SchedulerKey.ensure(db, SETTINGS, Clock.systemUTC());
            assertTrue(k.generatedHere());
            first = k.fingerprint();
        }
        try (Database db = Database.open(s)) {
            SchemaInit.apply(db.dataSource(), Dialect.H2);
            SchedulerKey.Loaded k = SchedulerKey.ensure(db, SETTINGS, Clock.systemUTC());
            assertFalse(k.generatedHere());
            assertEquals(first, k.fingerprint());
            assertEquals(1, count(db, "SELECT COUNT(*) FROM investigators WHERE name = 'migscheduler'"));
        }
        assertTrue(Files.exists(dir.resolve("gator.mv.db")));
    }

    static long count(Database db, String sql) {
        try (Connection c = db.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
