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

import io.gator.core.action.Compression;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        return MigJson.write(Action.of(0, "n", "status='online'", now.minusMinutes(1), now.plusMinutes(5),
                List.of(new Operation(module, params))).withSignatures(sigs));
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

    final ActionChecks limited = new ActionChecks(clock, Set.of("file", "ping"),
            (module, params) -> params.isObject() ? Optional.empty() : Optional.of("must be an object, not " + params.getNodeType()),
            target -> Optional.empty(), new FakeSignatures(), new ActionChecks.Limits(Duration.ofDays(90), 4096));

    String limitedMessage(String json) {
        return assertThrows(ActionRejectedException.class, () -> limited.parse(json)).getMessage();
    }

    @Test
    void nulAnywhereInTheActionIsRefusedNamingWhere() {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.putObject("searches").putObject("s1").putArray("paths").add("/etc");
        String ok = action("file", p, List.of("s"));
        assertTrue(message(ok.replace("\"name\":\"n\"", "\"name\":\"n\\u0000\""))
                .contains("name: contains U+0000"));
        assertTrue(message(ok.replace("/etc", "/etc\\u0000")).contains("operations[0].parameters.searches.s1.paths[0]"));
        String author = ok.replace("\"description\":{}", "\"description\":{\"author\":\"a\\u0000\"}");
        assertTrue(message(author).contains("description.author: contains U+0000"), message(author));
        assertTrue(message(ok.replace("\"s1\"", "\"s\\u00001\"")).contains("U+0000"));
        assertTrue(message(ok.replace("/etc", "/etc\\ud800")).contains("unpaired surrogate"));
    }

    @Test
    void expiryWindowBeyondTheConfiguredLimitIsRefusedNamingIt() {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        String longWindow = MigJson.write(Action.of(0, "n", "status='online'", now.minusMinutes(1), now.plusDays(91),
                List.of(new Operation("file", p))).withSignatures(List.of("s")));
        String m = limitedMessage(longWindow);
        assertTrue(m.contains("gator.api.max-action-window") && m.contains("90 days"), m);
        String farFuture = MigJson.write(Action.of(0, "n", "status='online'",
                OffsetDateTime.parse("9999-12-30T00:00:00Z"), OffsetDateTime.parse("9999-12-31T00:00:00Z"),
                List.of(new Operation("file", p))).withSignatures(List.of("s")));
        assertTrue(limitedMessage(farFuture).contains("gator.api.max-action-window"), limitedMessage(farFuture));
        String farPast = MigJson.write(Action.of(0, "n", "status='online'",
                OffsetDateTime.parse("0001-01-01T00:00:00Z"), now.plusMinutes(5), List.of(new Operation("file", p)))
                .withSignatures(List.of("s")));
        assertTrue(limitedMessage(farPast).contains("gator.api.max-action-window"), limitedMessage(farPast));
    }

    @Test
    void compressedParametersAreInflatedToValidateAndKeptCompressed() {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.putObject("searches").putObject("s1").putArray("paths").add("/etc");
        Operation z = Compression.compress(new Operation("file", p));
        String json = MigJson.write(Action.of(0, "n", "status='online'", now.minusMinutes(1), now.plusMinutes(5),
                List.of(z)).withSignatures(List.of("s")));
        Action parsed = limited.parse(json);
        assertEquals(z.parameters(), parsed.operations().get(0).parameters());
        assertTrue(parsed.operations().get(0).isCompressed());
    }

    @Test
    void compressedParametersInflatingBeyondTheLimitOrHidingNulAreRefused() {
        ObjectNode big = JsonNodeFactory.instance.objectNode();
        big.put("x", "a".repeat(5000));
        String bomb = MigJson.write(Action.of(0, "n", "status='online'", now.minusMinutes(1), now.plusMinutes(5),
                List.of(Compression.compress(new Operation("file", big)))).withSignatures(List.of("s")));
        String m = limitedMessage(bomb);
        assertTrue(m.contains("4096") && m.contains("gator.api.max-inflated-parameters"), m);
        ObjectNode nul = JsonNodeFactory.instance.objectNode();
        nul.put("x", "a\u0000");
        String hidden = MigJson.write(Action.of(0, "n", "status='online'", now.minusMinutes(1), now.plusMinutes(5),
                List.of(Compression.compress(new Operation("file", nul)))).withSignatures(List.of("s")));
        assertTrue(limitedMessage(hidden).contains("U+0000"), limitedMessage(hidden));
    }

    @Test
    void nameAndTargetLongerThanTheReadTablesHoldAreRefused() {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        String ok = action("file", p, List.of("s"));
        assertEquals("action name is longer than 2048 characters",
                message(ok.replace("\"name\":\"n\"", "\"name\":\"" + "n".repeat(2049) + "\"")));
        assertEquals("action target is longer than 8192 characters", message(ok.replace("status='online'",
                "status='online'" + " OR name='x'".repeat(700))));
    }

    @Test
    void aTextLongerThanTheConfiguredLengthIsRefusedAnywhereButCompressedParametersOnlyOnceInflated() {
        ActionChecks short100 = new ActionChecks(clock, Set.of("file"), (module, params) -> Optional.empty(),
                target -> Optional.empty(), new FakeSignatures(), new ActionChecks.Limits(Duration.ofDays(90), 4096, 100));
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.putObject("searches").putObject("s1").putArray("paths").add("/etc");
        String ok = action("file", p, List.of("s"));
        String author = ok.replace("\"description\":{}", "\"description\":{\"author\":\"" + "a".repeat(101) + "\"}");
        String m = assertThrows(ActionRejectedException.class, () -> short100.parse(author)).getMessage();
        assertTrue(m.contains("description.author") && m.contains("gator.api.max-text-length"), m);
        String param = ok.replace("/etc", "/" + "e".repeat(100));
        m = assertThrows(ActionRejectedException.class, () -> short100.parse(param)).getMessage();
        assertTrue(m.contains("operations[0].parameters.searches.s1.paths[0]"), m);
        ObjectNode many = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < 40; i++) {
            many.put("k" + i, "short value " + i);
        }
        Operation z = Compression.compress(new Operation("file", many));
        assertTrue(z.parameters().textValue().length() > 100, "the compressed text itself is long");
        short100.parse(MigJson.write(Action.of(0, "n", "status='online'", now.minusMinutes(1), now.plusMinutes(5),
                List.of(z)).withSignatures(List.of("s"))));
        ObjectNode longInside = JsonNodeFactory.instance.objectNode();
        longInside.put("x", "b".repeat(101));
        String hidden = MigJson.write(Action.of(0, "n", "status='online'", now.minusMinutes(1), now.plusMinutes(5),
                List.of(Compression.compress(new Operation("file", longInside)))).withSignatures(List.of("s")));
        m = assertThrows(ActionRejectedException.class, () -> short100.parse(hidden)).getMessage();
        assertTrue(m.contains("gator.api.max-text-length"), m);
    }
}
