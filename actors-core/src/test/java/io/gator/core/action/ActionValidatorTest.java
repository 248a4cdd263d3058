package io.gator.core.action;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.json.MigJson;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActionValidatorTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC);

    private static Action action(String name, String target, int syntax, String from, String to,
                                 List<Operation> ops, List<String> sigs) {
        return Action.of(1, name, target, OffsetDateTime.parse(from), OffsetDateTime.parse(to), ops)
                .withSignatures(sigs).withSyntaxVersion(syntax);
    }

    private static final List<Operation> OPS = List.of(new Operation("file", MigJson.tree("{}")));

    private static Action valid() {
        return action("n", "status='online'", 2, "2026-01-01T11:00:00Z", "2026-01-01T13:00:00Z", OPS, List.of("sig"));
    }

    @Test
    void aCompleteSignedActionInItsWindowIsValid() {
        assertDoesNotThrow(() -> ActionValidator.validate(valid(), NOW));
        assertTrue(ActionValidator.inWindow(valid(), NOW));
    }

    @Test
    void eachRuleIsNamedInTheError() {
        assertMessage("name is empty", action("", "t", 2, "2026-01-01T11:00:00Z", "2026-01-01T13:00:00Z", OPS, List.of("s")));
        assertMessage("target is empty", action("n", " ", 2, "2026-01-01T11:00:00Z", "2026-01-01T13:00:00Z", OPS, List.of("s")));
        assertMessage("syntaxversion is 1", action("n", "t", 1, "2026-01-01T11:00:00Z", "2026-01-01T13:00:00Z", OPS, List.of("s")));
        assertMessage("is not before expireafter", action("n", "t", 2, "2026-01-01T13:00:00Z", "2026-01-01T13:00:00Z", OPS, List.of("s")));
        assertMessage("no operations", action("n", "t", 2, "2026-01-01T11:00:00Z", "2026-01-01T13:00:00Z", List.of(), List.of("s")));
        assertMessage("not signed", action("n", "t", 2, "2026-01-01T11:00:00Z", "2026-01-01T13:00:00Z", OPS, List.of()));
        assertMessage("expired", action("n", "t", 2, "2026-01-01T10:00:00Z", "2026-01-01T11:00:00Z", OPS, List.of("s")));
    }

    @Test
    void notYetValidIsOutsideTheWindow() {
        Action later = action("n", "t", 2, "2026-01-01T12:30:00Z", "2026-01-01T13:00:00Z", OPS, List.of("s"));
        assertDoesNotThrow(() -> ActionValidator.validate(later, NOW));
        assertFalse(ActionValidator.inWindow(later, NOW));
    }

    @Test
    void compressedParametersRoundTripAndStaySignedAsAString() {
        Operation op = new Operation("pkg", MigJson.tree("{\"pkgmatch\":{\"matches\":[\"^bash$\"]},\"vermatch\":\"\"}"));
        Operation z = Compression.compress(op);
        assertTrue(z.isCompressed() && z.wantCompressed() && z.parameters().isTextual());
        JsonNode back = Compression.parameters(z);
        assertEquals(op.parameters(), back);
        Action a = valid();
        Action withZ = Action.of(1, a.name(), a.target(), a.validFrom(), a.expireAfter(), List.of(z))
                .withSignatures(a.pgpSignatures());
        assertTrue(SignedString.of(withZ).contains(",\"is_compressed\":true,\"want_compressed\":true}"));
    }

    @Test
    void badCompressedParametersGiveAClearError() {
        Operation bad = new Operation("pkg", MigJson.tree("\"not base64!\""), true, true);
        RuntimeException e = assertThrows(RuntimeException.class, () -> Compression.parameters(bad));
        assertTrue(e.getMessage().contains("not base64"), e.getMessage());
    }

    private static void assertMessage(String part, Action a) {
        InvalidActionException e = assertThrows(InvalidActionException.class, () -> ActionValidator.validate(a, NOW));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
