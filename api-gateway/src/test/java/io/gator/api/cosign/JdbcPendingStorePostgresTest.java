package io.gator.api.cosign;

import io.gator.core.action.Action;
import io.gator.core.action.Operation;
import io.gator.core.json.MigJson;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.TestDatabase;
import io.gator.persistence.schema.SchemaInit;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cosign_pending table on the real PostgreSQL (and H2): records survive a new pool (a restart); stale writes lose. */
class JdbcPendingStorePostgresTest {
    static final OffsetDateTime T = OffsetDateTime.of(2026, 12, 1, 10, 0, 0, 0, ZoneOffset.UTC);

    static PendingAction pending(long id) {
        Action a = Action.of(id, "needs two", "status='online'", T, T.plusHours(6),
                List.of(new Operation("file", MigJson.tree("{\"searches\":{\"s1\":{\"paths\":[\"/etc\"]}}}"))))
                .withSignatures(List.of("sig-one"));
        return new PendingAction(id, a, 20, "carol", List.of(new CoSigner(20, "carol", "AB12", T)), T,
                T.plusHours(2), PendingStatus.AWAITING, "", 1);
    }

    @Test
    void theTableWorksTheSameOnH2() {
        String url = "jdbc:h2:mem:cosign" + java.util.UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        try (Database db = Database.open(new io.gator.persistence.PersistenceSettings(Dialect.H2, url, "sa", "", 2, 2,
                false, 50))) {
            SchemaInit.apply(db.dataSource(), Dialect.H2);
            JdbcPendingStore store = new JdbcPendingStore(db);
            assertTrue(store.insert(pending(7)));
            assertFalse(store.insert(pending(7)));
            assertTrue(store.replace(pending(7).closed(PendingStatus.CANCELLED, "carol")));
            assertEquals(PendingStatus.CANCELLED, store.get(7).orElseThrow().status());
            assertEquals(List.of(), store.list(false, 10));
            assertEquals(1, store.list(true, 10).size());
        }
    }

    @Test
    void pendingActionsSurviveARestartAndAStaleVersionCannotOverwriteANewerOne() {
        try (TestDatabase tdb = TestDatabase.create()) {
            try (Database db = Database.open(tdb.settings())) {
                SchemaInit.apply(db.dataSource(), Dialect.POSTGRES);
                JdbcPendingStore store = new JdbcPendingStore(db);
                PendingAction p = pending(7);
                assertTrue(store.insert(p));
                assertFalse(store.insert(pending(7)), "an ID is taken once");
                PendingAction signed = p.signedBy("sig-two", new CoSigner(21, "dave", "CD34", T.plusMinutes(5)));
                assertTrue(store.replace(signed));
                assertFalse(store.replace(p.closed(PendingStatus.CANCELLED, "carol")),
                        "a change based on the old version is refused");
                assertTrue(store.insert(pending(8)));
                assertTrue(store.replace(pending(8).closed(PendingStatus.EXPIRED, "")));
            }
            try (Database db = Database.open(tdb.settings())) {
                JdbcPendingStore store = new JdbcPendingStore(db);
                PendingAction back = store.get(7).orElseThrow();
                assertEquals(List.of("sig-one", "sig-two"), back.action().pgpSignatures());
                assertEquals(List.of("AB12", "CD34"), back.fingerprints());
                assertEquals(2, back.version());
                assertEquals(pending(7).canonical(), back.canonical());
                assertEquals(List.of(7L), store.list(false, 10).stream().map(PendingAction::id).toList());
                assertEquals(2, store.list(true, 10).size());
            }
        }
    }
}
