package io.gator.cli;

import static io.gator.cli.FakeApi.items;
import static io.gator.cli.FakeApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.core.action.Action;
import io.gator.core.action.Operation;
import io.gator.core.action.SignedString;
import io.gator.core.json.MigJson;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mig cosign}: pending actions on one line each, and signing exactly the canonical string reviewed. */
class CosignCommandTest {
    private static final OffsetDateTime T = OffsetDateTime.of(2026, 12, 1, 10, 0, 0, 0, ZoneOffset.UTC);

    static ObjectNode pending(String canonicalOverride) {
        Action a = Action.of(42, "needs two", "status='online'", T, T.plusHours(6),
                List.of(new Operation("memory", MigJson.tree("{}"))));
        ObjectNode p = MigJson.mapper().createObjectNode();
        p.put("id", 42).put("status", "awaiting signatures").put("name", "needs two").put("postedby", "alice");
        p.putArray("signers").addObject().put("name", "alice");
        p.putArray("weights").addObject().put("module", "memory").put("collected", 1).put("needed", 2);
        p.put("expiresat", "2026-12-01T12:00Z");
        p.set("action", MigJson.mapper().valueToTree(a));
        p.put("canonical", canonicalOverride.isEmpty() ? SignedString.of(a) : canonicalOverride);
        return p;
    }

    @Test
    void listShowsWeightsSignersAndExpiryOnOneLine(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            api.on("cosign/pending", r -> ok(items("pending", List.of(pending("")))));
            MigMainTest.Cli cli = new MigMainTest.Cli(new ByteArrayInputStream(new byte[0]), Map.of());
            assertEquals(0, cli.main.run(List.of("cosign", "list", "-c", api.migrc(dir).toString())), cli.err());
            assertEquals("42 awaiting signatures 'needs two' weight memory 1/2 signed by alice, expires "
                    + "2026-12-01T12:00Z\n", cli.out());
        }
    }

    @Test
    void signPostsTheInvestigatorsSignatureOfTheCanonicalString(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            api.on("cosign/action", r -> ok(items("pending", List.of(pending("")))));
            api.on("cosign/sign", r -> ok(items("pending", List.of(pending("").put("status", "launched")))));
            MigMainTest.Cli cli = new MigMainTest.Cli(new ByteArrayInputStream(new byte[0]), Map.of());
            assertEquals(0, cli.main.run(List.of("cosign", "sign", "42", "-c", api.migrc(dir).toString())),
                    cli.err());
            List<FakeApi.Request> posts = api.requests("cosign/sign");
            assertEquals(1, posts.size());
            assertEquals(Map.of("actionid", "42", "signature", "c2lnbmF0dXJl"), posts.get(0).form());
            assertTrue(cli.out().startsWith("42 launched"), cli.out());
        }
    }

    @Test
    void aCanonicalStringThatIsNotTheShownActionsIsNeverSigned(@TempDir Path dir) throws Exception {
        try (FakeApi api = new FakeApi()) {
            api.on("cosign/action", r -> ok(items("pending", List.of(pending("name=other;")))));
            MigMainTest.Cli cli = new MigMainTest.Cli(new ByteArrayInputStream(new byte[0]), Map.of());
            assertNotEquals(0, cli.main.run(List.of("cosign", "sign", "42", "-c", api.migrc(dir).toString())));
            assertTrue(cli.err().contains("canonical string differs"), cli.err());
            assertEquals(List.of(), api.requests("cosign/sign"));
        }
    }
}
