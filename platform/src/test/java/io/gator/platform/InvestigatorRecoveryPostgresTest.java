package io.gator.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.investigator.Investigator;
import io.gator.core.investigator.Permissions;
import io.gator.core.sign.KeyGen;
import io.gator.persistence.Database;
import io.gator.persistence.TestDatabase;
import io.gator.persistence.investigator.InvestigatorRepository;
import io.gator.platform.role.Investigators;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The way back from a lock-out, on the real PostgreSQL: when the only admin disabled or demoted themselves,
 * an operator with the database's configuration restores them with {@code gator investigator enable} or
 * {@code gator investigator create --admin}, with no API involved.
 */
class InvestigatorRecoveryPostgresTest {
    private TestDatabase pg;
    private Database db;
    private InvestigatorRepository repo;
    private Path conf;
    private Path alicePub;
    private Investigator alice;

    private static GatorMainTest.Run gator(String... args) {
        return GatorMainTest.run(args);
    }

    @BeforeEach
    void lockedOut(@TempDir Path dir) throws Exception {
        pg = TestDatabase.create();
        conf = Files.writeString(dir.resolve("scheduler.conf"), "gator.persistence.url = \"" + pg.url + "\"\n");
        GatorMainTest.Run init = gator("db", "init", "-c", conf.toString());
        assertEquals(0, init.code(), init.err());
        KeyGen.GeneratedKey k = KeyGen.ed25519("alice <alice@example.net>");
        alicePub = Files.writeString(dir.resolve("alice.asc"), k.armoredPublicKey());
        GatorMainTest.Run create = gator("investigator", "create", "--admin", "--name", "alice", "--pubkey", alicePub.toString(),
                "-c", conf.toString());
        assertEquals(0, create.code(), create.err());
        db = Database.open(pg.settings());
        repo = new InvestigatorRepository(db);
        alice = repo.findByFingerprint(k.fingerprint()).orElseThrow();
        assertTrue(Investigators.isAdmin(alice));
    }

    @AfterEach
    void drop() {
        if (db != null) {
            db.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private Investigator aliceNow() {
        return repo.findById(alice.id()).orElseThrow();
    }

    @Test
    void enableByNameReactivatesTheOnlyAdminWhoDisabledThemselves() {
        repo.setStatus(alice.id(), "disabled");
        GatorMainTest.Run r = gator("investigator", "enable", "alice", "-c", conf.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("active", aliceNow().status());
        assertTrue(r.out().contains("'alice'") && r.out().contains("active") && r.out().contains("(admin)"), r.out());
    }

    @Test
    void enableByIdWithAdminRestoresADemotedAdmin() {
        repo.setPermissions(alice.id(), Permissions.INVESTIGATOR);
        repo.setStatus(alice.id(), "disabled");
        GatorMainTest.Run r = gator("investigator", "enable", String.valueOf(alice.id()), "--admin", "-c", conf.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("active", aliceNow().status());
        assertTrue(Investigators.isAdmin(aliceNow()));
    }

    @Test
    void createAdminWithAKnownKeyMakesItAnActiveAdminAgain() {
        repo.setPermissions(alice.id(), Permissions.INVESTIGATOR);
        repo.setStatus(alice.id(), "disabled");
        GatorMainTest.Run r = gator("investigator", "create", "--admin", "--name", "alice", "--pubkey", alicePub.toString(), "-c",
                conf.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(alice.id(), aliceNow().id());
        assertEquals("active", aliceNow().status());
        assertTrue(Investigators.isAdmin(aliceNow()));
    }

    @Test
    void enableOfAnUnknownOrAmbiguousNameSaysWhatToGive() throws Exception {
        GatorMainTest.Run unknown = gator("investigator", "enable", "mallory", "-c", conf.toString());
        assertEquals(GatorMain.FAILED, unknown.code());
        assertTrue(unknown.err().contains("no investigator has the id or name 'mallory'"), unknown.err());
        KeyGen.GeneratedKey other = KeyGen.ed25519("alice <alice2@example.net>");
        Investigators.create(db, "alice", other.armoredPublicKey(), false);
        GatorMainTest.Run ambiguous = gator("investigator", "enable", "alice", "-c", conf.toString());
        assertEquals(GatorMain.FAILED, ambiguous.code());
        assertTrue(ambiguous.err().contains("give the id"), ambiguous.err());
    }

    @Test
    void enableWithoutWhoIsAUsageError() {
        GatorMainTest.Run r = gator("investigator", "enable", "-c", conf.toString());
        assertEquals(GatorMain.USAGE_ERROR, r.code());
        assertTrue(r.err().contains("id or name"), r.err());
    }
}
