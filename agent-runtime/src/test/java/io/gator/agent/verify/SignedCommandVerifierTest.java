package io.gator.agent.verify;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.acl.Acl;
import io.gator.core.action.Action;
import io.gator.core.action.Operation;
import io.gator.core.command.Command;
import io.gator.core.json.MigJson;
import io.gator.core.sign.KeyGen;
import io.gator.core.sign.PgpSigner;
import io.gator.core.sign.PgpVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every way an action can be unfit to run is refused, with its reason first. */
class SignedCommandVerifierTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
    private static KeyGen.GeneratedKey alice;
    private static KeyGen.GeneratedKey bob;
    private static KeyGen.GeneratedKey mallory;
    private static Acl acl;

    @BeforeAll
    static void keys() {
        alice = KeyGen.rsa("alice <alice@example.net>", 2048);
        bob = KeyGen.ed25519("bob <bob@example.net>");
        mallory = KeyGen.rsa("mallory <m@example.net>", 2048);
        acl = Acl.parse("{\"default\":{\"minimumweight\":1,\"investigators\":{"
                + "\"alice\":{\"fingerprint\":\"" + alice.fingerprint() + "\",\"weight\":1},"
                + "\"bob\":{\"fingerprint\":\"" + bob.fingerprint() + "\",\"weight\":1}}},"
                + "\"memory\":{\"minimumweight\":2,\"investigators\":{"
                + "\"alice\":{\"fingerprint\":\"" + alice.fingerprint() + "\",\"weight\":1},"
                + "\"bob\":{\"fingerprint\":\"" + bob.fingerprint() + "\",\"weight\":1}}}}");
    }

    private static final ModuleCatalog CATALOG = new ModuleCatalog() {
        @Override
        public boolean has(String module) {
            return List.of("file", "memory").contains(module);
        }

        @Override
        public void validate(String module, JsonNode parameters) {
            if (!parameters.has("searches")) {
                throw new IllegalArgumentException("searches is required");
            }
        }
    };

    private static SignedCommandVerifier verifier() {
        return new SignedCommandVerifier(new PgpVerifier(alice.keyring().plus(bob.keyring())), acl, false, CATALOG, NOW,
                Duration.ZERO);
    }

    private static Action action(String module, String params, String from, String to) {
        OffsetDateTime f = OffsetDateTime.parse(from);
        OffsetDateTime t = OffsetDateTime.parse(to);
        return Action.of(1, "test", "status='online'", f, t, List.of(new Operation(module, MigJson.tree(params))));
    }

    private static Action good(String module) {
        return action(module, "{\"searches\":{}}", "2026-06-01T11:59:00Z", "2026-06-01T12:10:00Z");
    }

    private static Action signed(Action a, KeyGen.GeneratedKey... keys) throws Exception {
        List<String> sigs = new ArrayList<>();
        for (KeyGen.GeneratedKey k : keys) {
            sigs.add(PgpSigner.of(k).sign(io.gator.core.action.SignedString.of(a)));
        }
        return a.withSignatures(sigs);
    }

    private static Command command(Action a) {
        return Command.sent(2, a, io.gator.core.json.MigTime.ZERO);
    }

    private static void refused(String reason, Action a) {
        CommandRefusedException e = assertThrows(CommandRefusedException.class, () -> verifier().verify(command(a)));
        assertTrue(e.getMessage().startsWith(reason), e.getMessage());
    }

    @Test
    void aWellSignedActionInItsWindowPasses() throws Exception {
        assertDoesNotThrow(() -> verifier().verify(command(signed(good("file"), alice))));
        assertDoesNotThrow(() -> verifier().verify(command(signed(good("memory"), alice, bob))));
    }

    @Test
    void unsignedActionsAreRefused() {
        refused("invalid action: action is not signed", good("file"));
    }

    @Test
    void forgedSignaturesAreRefused() throws Exception {
        Action a = signed(good("file"), alice);
        String sig = a.pgpSignatures().get(0);
        String forged = sig.substring(0, 40) + (sig.charAt(40) == 'A' ? 'B' : 'A') + sig.substring(41);
        CommandRefusedException e = assertThrows(CommandRefusedException.class,
                () -> verifier().verify(command(a.withSignatures(List.of(forged)))));
        assertTrue(e.getMessage().startsWith("malformed signature") || e.getMessage().startsWith("bad signature"),
                e.getMessage());
    }

    @Test
    void tamperedActionsAreRefused() throws Exception {
        Action a = signed(good("file"), alice);
        Action tampered = a.withTarget("status='online' OR 1=1");
        refused("bad signature", tampered);
    }

    @Test
    void expiredAndNotYetValidActionsAreRefused() throws Exception {
        refused("expired", signed(action("file", "{\"searches\":{}}", "2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z"), alice));
        refused("not yet valid", signed(action("file", "{\"searches\":{}}", "2026-06-01T13:00:00Z", "2026-06-01T14:00:00Z"), alice));
    }

    @Test
    void unknownSignersAreRefused() throws Exception {
        refused("unknown signer", signed(good("file"), mallory));
    }

    @Test
    void insufficientWeightIsRefused() throws Exception {
        refused("insufficient weight", signed(good("memory"), alice));
    }

    @Test
    void unknownModulesAndInvalidParametersAreRefused() throws Exception {
        refused("unknown module", signed(good("nosuchmodule"), alice));
        refused("invalid parameters for module file",
                signed(action("file", "{}", "2026-06-01T11:59:00Z", "2026-06-01T12:10:00Z"), alice));
    }

    @Test
    void signedCompressedParametersInflatingBeyondTheLimitAreRefused() throws Exception {
        // 2 MiB of valid parameters in a few kilobytes of gzip: over the agent's default 1 MiB
        Operation bomb = io.gator.core.action.Compression.compress(new Operation("file",
                MigJson.tree("{\"searches\":{},\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}")));
        Action a = good("file");
        a = Action.of(a.id(), a.name(), a.target(), a.validFrom(), a.expireAfter(), List.of(bomb))
                .withDescription(a.description());
        Action signedBomb = signed(a, alice);
        CommandRefusedException e = assertThrows(CommandRefusedException.class,
                () -> verifier().verify(command(signedBomb)));
        assertTrue(e.getMessage().startsWith("invalid parameters for module file")
                && e.getMessage().contains("exceed 1048576 bytes"), e.getMessage());
        Operation small = io.gator.core.action.Compression.compress(new Operation("file", MigJson.tree("{\"searches\":{}}")));
        Action ok = Action.of(a.id(), a.name(), a.target(), a.validFrom(), a.expireAfter(), List.of(small))
                .withDescription(a.description());
        assertDoesNotThrow(() -> verifier().verify(command(signed(ok, alice))));
    }
}
