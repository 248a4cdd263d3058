package io.gator.core.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gator.core.action.Action;
import io.gator.core.action.Operation;
import io.gator.core.action.SignedString;
import io.gator.core.json.MigJson;
import io.gator.core.sign.SignatureException.Kind;
import io.gator.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** MIG-signed actions from the fixtures verify with alice's key, and nothing altered does. */
class MigSignatureConformanceTest {
    static final String ALICE = "22C8D4068CDF26758089E511F9BF5E2FBEC6D8C1";
    static PgpVerifier alice;
    static PgpVerifier bob;

    @BeforeAll
    static void keys() {
        alice = new PgpVerifier(Keyring.fromFile(Fixtures.path("mig-wire/keys/alice.asc")));
        bob = new PgpVerifier(Keyring.fromFile(Fixtures.path("mig-wire/keys/bob.asc")));
    }

    static Stream<Path> signedActions() {
        return Fixtures.list("mig-wire/signed", ".json").stream()
                .filter(p -> !read(p).pgpSignatures().isEmpty());
    }

    static Action read(Path p) {
        return MigJson.read(Fixtures.read("mig-wire/signed/" + p.getFileName()), Action.class);
    }

    private static Stream<DynamicTest> each(String what, Consumer<Action> test) {
        List<Path> files = signedActions().toList();
        assertFalse(files.isEmpty(), "no signed fixture");
        return files.stream().map(p -> DynamicTest.dynamicTest(what + " " + p.getFileName(),
                () -> test.accept(read(p))));
    }

    @TestFactory
    Stream<DynamicTest> migSignatureVerifiesWithAliceKey() {
        return each("verifies", a -> {
            try {
                assertEquals(List.of(ALICE), alice.verifyAction(a));
                assertEquals(ALICE, alice.verify(SignedString.of(a), a.pgpSignatures().get(0)));
            } catch (SignatureException e) {
                fail(e);
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> keyringWithOnlyBobSaysUnknownSigner() {
        return each("unknown signer", a -> {
            SignatureException e = assertThrows(SignatureException.class, () -> bob.verifyAction(a));
            assertEquals(Kind.UNKNOWN_SIGNER, e.kind());
            assertTrue(e.getMessage().contains("unknown signer"), e.getMessage());
            assertTrue(e.getMessage().contains("F9BF5E2FBEC6D8C1"), "names alice's key id: " + e.getMessage());
        });
    }

    @TestFactory
    Stream<DynamicTest> everySingleByteChangeOfTheSignedStringFails() {
        return each("tampered string", a -> {
            byte[] data = SignedString.of(a).getBytes(StandardCharsets.UTF_8);
            String sig = a.pgpSignatures().get(0);
            for (int i = 0; i < data.length; i++) {
                for (int delta : new int[] {1, 0x20, 0x80}) {
                    byte[] t = data.clone();
                    t[i] ^= (byte) delta;
                    int pos = i;
                    SignatureException e = assertThrows(SignatureException.class, () -> alice.verify(t, sig),
                            "byte " + pos + " changed still verifies");
                    assertEquals(Kind.BAD_SIGNATURE, e.kind());
                }
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> everySingleByteChangeOfTheSignatureFails() {
        return each("tampered signature", a -> {
            byte[] data = SignedString.of(a).getBytes(StandardCharsets.UTF_8);
            String sig = a.pgpSignatures().get(0);
            byte[] packets;
            try {
                packets = Armor.decode(sig);
            } catch (SignatureException e) {
                throw new AssertionError(e);
            }
            // Binary level, with a correct CRC so the packet parser and the crypto are exercised.
            for (int i = 0; i < packets.length; i++) {
                for (int delta : new int[] {1, 0x10, 0x80, 0xFF}) {
                    byte[] t = packets.clone();
                    t[i] ^= (byte) delta;
                    String forged = Armor.encode(t);
                    int pos = i;
                    int d = delta;
                    assertThrows(SignatureException.class, () -> alice.verify(data, forged),
                            "signature byte " + pos + " xor " + d + " still verifies");
                }
            }
            // Text level: every character of the de-armored form, CRC included.
            for (int i = 0; i < sig.length(); i++) {
                char c = sig.charAt(i);
                String forged = sig.substring(0, i) + (c == 'A' ? 'B' : 'A') + sig.substring(i + 1);
                int pos = i;
                assertThrows(SignatureException.class, () -> alice.verify(data, forged),
                        "signature char " + pos + " changed still verifies");
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> changingAnySignedFieldOfTheActionFails() {
        return each("tampered field", a -> {
            List<Action> variants = new ArrayList<>();
            for (int i = 0; i < a.name().length(); i++) {
                variants.add(with(a, change(a.name(), i), a.target(), a.validFrom(), a.expireAfter(), a.operations()));
            }
            for (int i = 0; i < a.target().length(); i++) {
                variants.add(with(a, a.name(), change(a.target(), i), a.validFrom(), a.expireAfter(), a.operations()));
            }
            for (long s : new long[] {-3600, -1, 1, 60}) {
                variants.add(with(a, a.name(), a.target(), a.validFrom().plusSeconds(s), a.expireAfter(), a.operations()));
                variants.add(with(a, a.name(), a.target(), a.validFrom(), a.expireAfter().plusSeconds(s), a.operations()));
            }
            for (List<Operation> ops : operationVariants(a.operations())) {
                variants.add(with(a, a.name(), a.target(), a.validFrom(), a.expireAfter(), ops));
            }
            assertTrue(variants.size() > 20, "too few variants: " + variants.size());
            for (Action v : variants) {
                assertFalse(SignedString.of(v).equals(SignedString.of(a)), "variant identical to original");
                SignatureException e = assertThrows(SignatureException.class, () -> alice.verifyAction(v),
                        "still verifies: " + SignedString.of(v));
                assertEquals(Kind.BAD_SIGNATURE, e.kind());
            }
        });
    }

    private static Action with(Action a, String name, String target, java.time.OffsetDateTime from,
            java.time.OffsetDateTime to, List<Operation> ops) {
        return a.withName(name).withTarget(target).withValidity(from, to).withOperations(ops);
    }

    private static String change(String s, int i) {
        char c = s.charAt(i);
        return s.substring(0, i) + (char) (c == 'x' ? 'y' : 'x') + s.substring(i + 1);
    }

    /** One variant per leaf of each operation's parameters, per module name character, per flag. */
    private static List<List<Operation>> operationVariants(List<Operation> ops) {
        List<List<Operation>> out = new ArrayList<>();
        for (int k = 0; k < ops.size(); k++) {
            Operation op = ops.get(k);
            List<Operation> changed = new ArrayList<>();
            for (int i = 0; i < op.module().length(); i++) {
                changed.add(new Operation(change(op.module(), i), op.parameters(), op.isCompressed(), op.wantCompressed()));
            }
            changed.add(new Operation(op.module(), op.parameters(), op.isCompressed(), !op.wantCompressed()));
            for (JsonNode p : leafVariants(op.parameters())) {
                changed.add(new Operation(op.module(), p, op.isCompressed(), op.wantCompressed()));
            }
            for (Operation c : changed) {
                List<Operation> copy = new ArrayList<>(ops);
                copy.set(k, c);
                out.add(copy);
            }
        }
        return out;
    }

    private static List<JsonNode> leafVariants(JsonNode root) {
        List<JsonNode> out = new ArrayList<>();
        collect(root, root, out, new ArrayList<>());
        return out;
    }

    /** For every leaf reachable by {@code path}, a deep copy of root with that leaf altered. */
    private static void collect(JsonNode root, JsonNode node, List<JsonNode> out, List<Object> path) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                path.add(f.getKey());
                collect(root, f.getValue(), out, path);
                path.remove(path.size() - 1);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                path.add(i);
                collect(root, node.get(i), out, path);
                path.remove(path.size() - 1);
            }
        } else {
            JsonNode replacement = node.isTextual() ? TextNode.valueOf(node.asText() + "x")
                    : node.isNumber() ? DoubleNode.valueOf(node.asDouble() + 1)
                    : node.isBoolean() ? BooleanNode.valueOf(!node.asBoolean())
                    : TextNode.valueOf("was null");
            JsonNode copy = root.deepCopy();
            if (path.isEmpty()) {
                out.add(replacement);
                return;
            }
            JsonNode parent = copy;
            for (int i = 0; i < path.size() - 1; i++) {
                Object step = path.get(i);
                parent = step instanceof Integer n ? parent.get(n) : parent.get((String) step);
            }
            Object last = path.get(path.size() - 1);
            if (last instanceof Integer n) {
                ((ArrayNode) parent).set(n, replacement);
            } else {
                ((ObjectNode) parent).set((String) last, replacement);
            }
            out.add(copy);
        }
    }
}
