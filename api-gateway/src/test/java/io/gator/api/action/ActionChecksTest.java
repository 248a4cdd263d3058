package io.gator.api.action;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.api.testing.FakeSignatures;
import io.gator.core.action.Action;
import io.gator.core.action.Operation;
import io.gator.core.investigator.Investigator;
import io.gator.core.investigator.Permissions;
import io.gator.core.json.MigJson;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ActionChecksTest {
    final Clock clock = Clock.fixed(Instant.parse("2026-11-23T07:00:00Z"), ZoneOffset.UTC);
    final OffsetDateTime now = OffsetDateTime.now(clock);
    final Investigator alice = new Investigator(2, "alice", "AAAA", "", "active", now, now, Permissions.ALL);
    final Investigator bob = new Investigator(3, "bob", "BBBB", "", "active", now, now, Permissions.ALL);
    final ActionChecks checks = new ActionChecks(clock, Set.of("file", "ping"),
            (module, params) -> module.equals("ping") && !params.has("destination")
                    ? Optional.of("ping needs a destination") : Optional.empty(),
            target -> target.equals("bad(") ? Optional.of("unbalanced parenthesis at 4") : Optional.empty(),
            new FakeSignatures());

    String action(String module, ObjectNode params, List<String> sigs) {
        return MigJson.write(new Action(0, "n", "status='online'", null, null, now.minusMinutes(1), now.plusMinutes(5),
                List.of(new Operation(module, params)), sigs, null, null, null, null, null, null, 2));
    }

    String message(String json) {
        return assertThrows(ActionRejectedException.class, () -> checks.parse(json)).getMessage();
    }

    @Test
    void eachRuleNamesWhatIsWrong() {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        assertEquals("missing form field 'action' (the signed action JSON)", message(""));
        assertEquals("malformed action JSON: expected an object, got ARRAY", message("[1,2]"));
        assertEquals("operation 0: unknown module 'yara' (known: file, ping)", message(action("yara", p, List.of("s"))));
        assertEquals("operation 0 (ping): invalid parameters: ping needs a destination",
                message(action("ping", p, List.of("s"))));
        assertEquals("action is not signed (no pgpsignatures)", message(action("file", p, List.of())));
        String badTarget = action("file", p, List.of("s")).replace("status='online'", "bad(");
        assertEquals("invalid target 'bad(': unbalanced parenthesis at 4", message(badTarget));
    }

    @Test
    void signersAreTheActiveInvestigatorsWhoSignedOnceEach() {
        Action a = checks.parse(action("file", JsonNodeFactory.instance.objectNode(),
                List.of("fakesig:BBBB", "fakesig:AAAA", "fakesig:bbbb")));
        assertEquals(List.of(bob, alice), checks.signers(a, List.of(alice, bob)));
        ActionRejectedException e = assertThrows(ActionRejectedException.class, () -> checks.signers(a, List.of(alice)));
        assertEquals("signature 0 is by BBBB, which is not the key of an active investigator", e.getMessage());
    }
}
