package io.gator.platform.system;

import static io.gator.platform.system.Poison.MARK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gator.cli.api.MigApiClient;
import io.gator.cli.module.ModuleFlagsRegistry;
import io.gator.core.action.Action;
import io.gator.core.action.Counters;
import io.gator.core.action.SignedString;
import io.gator.core.agent.Agent;
import io.gator.core.agent.AgentEnv;
import io.gator.core.json.MigJson;
import io.gator.core.json.MigTime;
import io.gator.relay.MigTopology;
import io.gator.core.sign.KeyGen;
import io.gator.platform.system.Poison.Text;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The poison-input suite: every surface a party outside the platform can write to, fed what it must refuse.
 * One platform of separate processes on PostgreSQL and RabbitMQ (one node with the scheduler and API roles, a
 * real agent run as on a host with config/agent.jvm's -Xmx64m, and a fleet of {@value #FLEET} simulated agents;
 * see {@link SystemPlatform}), then, per surface:
 * <ul>
 *   <li><b>API</b>: validly signed actions whose every text field carries a NUL, invalid UTF-8, a lone surrogate
 *       or a 1 MB value; extreme numbers and times (expiry 9999-12-31 or +6000h, years past PostgreSQL's range,
 *       overflowing numbers and durations); a compressed-parameters bomb; every size limit one byte over; the same
 *       for searches, HTTP heartbeats and investigators. Each must get a 400 (413/414 for sizes) with an error
 *       message, never a 5xx, never a hang;</li>
 *   <li><b>results queue</b>: forged answers to commands of a real action (the test plays the agents it targets)
 *       with the same poison in every field, sent with a genuine answer: the poison is refused alone (not in the
 *       journal), the genuine one is persisted, the queue drains; a trailing newline is accepted;</li>
 *   <li><b>heartbeat queue</b>: heartbeats with the same poison in every field, each sent with a genuine one:
 *       the poison is not stored, the genuine agent is, the queue drains; at the size limit and with a trailing
 *       newline a heartbeat is accepted;</li>
 *   <li><b>an agent's queue</b>: 10 MB, invalid JSON, NUL, invalid UTF-8, a signed command without id, a
 *       decompression bomb, each size limit one byte over: the agent stays up and the message is acked;</li>
 *   <li>and <b>afterwards</b> a normal file search on the agents completes with exact counters and its results
 *       are on the read side (no poison halted the projection), the forged-agents action too, every queue empty.</li>
 * </ul>
 * Limits are read from the nodes' merged config by the keys below, and "one byte over" derives from them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PoisonInputSystemTest {
    // ---- the limits exceeded by one byte, by config key ---------------------------------------------------
    /** Largest API request body; larger gets 413. */
    static final String API_BODY_LIMIT = "gator.api.body-limit";
    /** Largest decompressed operation parameters the API inflates (is_compressed). */
    static final String API_MAX_PARAMETERS = "gator.api.max-inflated-parameters";
    /** Longest validity window of an action (a duration: "one byte over" is one second over). */
    static final String API_MAX_WINDOW = "gator.api.max-action-window";
    /** How far ahead of the server clock an HTTP heartbeat's times may be. */
    static final String API_HEARTBEAT_SKEW = "gator.api.heartbeat.max-clock-skew";
    /** Largest message taken from mig.agt.heartbeats. */
    static final String HEARTBEAT_MAX_BYTES = "gator.scheduler.heartbeats.max-bytes";
    /** How far ahead of the scheduler's clock a heartbeat on mig.agt.heartbeats may be dated. */
    static final String HEARTBEAT_SKEW = "gator.scheduler.heartbeats.clock-skew";
    /** Largest message taken from mig.agt.results. */
    static final String RESULTS_MAX_BYTES = "gator.scheduler.results.max-bytes";
    /** Largest command message an agent reads from its queue. */
    static final String AGENT_MAX_COMMAND = "gator.agent.max-command-size";
    /** Largest decompressed operation parameters an agent accepts. */
    static final String AGENT_MAX_PARAMETERS = "gator.agent.max-parameters-size";

    static final String NODE = "scheduler-1";
    static final String AGENT = "poison-agent";
    static final int FLEET = 3;
    /** Target of the API's poison actions: selects no agent, so that one wrongly accepted runs nowhere. */
    static final String NOBODY = "nobody-poison";
    /** A search path the file parameters carry, replaced by poison where a case needs it. */
    static final String PATH_MARK = "/poison-path";
    /** Deeper than any JSON parser here nests (Jackson: 1,000), small enough for every size limit. */
    static final int DEEP = 5_000;
    /** Longest wait for an answer: a slower one is a hang (the API's own request timeout is 30 s here). */
    static final Duration HTTP_TIMEOUT = Duration.ofSeconds(45);
    /** Longest wait for a consumer to settle a message. */
    static final Duration SETTLE = Duration.ofSeconds(20);
    static final BigInteger HUGE = BigInteger.TEN.pow(30);

    /** What a case must get; BY_SIZE: accepted up to the surface's size limit, refused above it. */
    enum Expect { REFUSED, ACCEPTED, EITHER, BY_SIZE }

    /**
     * One poison case: its name (the test's display name), what it must get, and what makes or sends it (a
     * {@link Call} to the API, or the message body for a queue).
     */
    record Case<T>(String name, Expect expect, T input) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A request to the API. */
    interface Call {
        Answer send() throws Exception;
    }

    interface ResultBody {
        /** The message, given the command it answers (as the test's forged agent received it). */
        byte[] of(ObjectNode command) throws Exception;
    }

    interface HeartbeatBody {
        /** The poison heartbeat of an agent on {@code queueLoc}. */
        byte[] of(String name, String queueLoc) throws Exception;
    }

    interface AgentBody {
        /** The message, given the action and command ids to use. */
        byte[] of(long actionId, long commandId) throws Exception;
    }

    static SystemPlatform platform;
    static RawAmqp amqp;
    static HttpClient http;
    static final AtomicBoolean logsPrinted = new AtomicBoolean();
    static final AtomicInteger heartbeatCase = new AtomicInteger();
    static final AtomicInteger resultCase = new AtomicInteger();
    static final java.util.concurrent.atomic.AtomicLong forgedActionIds = new java.util.concurrent.atomic.AtomicLong(4_000_000_000L);
    static Ghosts ghosts;
    /** The case after which a consumer stopped storing genuine messages: later cases of it would only wait too. */
    static volatile String heartbeatsStuck;
    static volatile String resultsStuck;
    /** A case left a message in the real agent's queue: the next one starts from a fresh agent and an empty queue. */
    static volatile boolean agentQueueDirty;

    /** Every node's log once, at the first failure: later ones would print the same thousands of lines. */
    @RegisterExtension
    final PrintLogsOnFailure logs = new PrintLogsOnFailure(() -> logsPrinted.getAndSet(true) ? null : platform);

    /** One line per case in the steps log, so that a run reads as a list of what held and what did not. */
    @RegisterExtension
    final TestWatcher outcomes = new TestWatcher() {
        @Override
        public void testSuccessful(ExtensionContext context) {
            outcome("PASS", context, null);
        }

        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            outcome("FAIL", context, cause);
        }

        private void outcome(String what, ExtensionContext context, Throwable cause) {
            if (platform != null) {
                platform.step(what + " " + context.getDisplayName()
                        + (cause == null ? "" : ": " + abbreviate(String.valueOf(cause.getMessage()))));
            }
        }
    };

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = SystemPlatform.start("poison", new SystemPlatform.Layout(1,
                List.of(new SystemPlatform.FleetSpec("fleet", FLEET, "sim", "poison", "")), List.of(AGENT)));
        amqp = new RawAmqp(platform.vhost);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        try {
            if (amqp != null) {
                amqp.close();
            }
        } finally {
            if (platform != null) {
                platform.close();
            }
        }
    }

    // =========================================================================================================
    // API
    // =========================================================================================================

    record Answer(int status, String body) {}

    @ParameterizedTest(name = "{0}")
    @MethodSource("apiCases")
    @Order(1)
    void theApiRefusesPoisonWithAClearError(Case<Call> c) throws Exception {
        Answer a = c.input().send();
        platform.step("API " + c.name() + ": " + a.status() + " " + abbreviate(a.body()));
        assertTrue(a.status() < 500, c.name() + ": server error " + a.status() + " " + abbreviate(a.body()));
        if (c.expect() == Expect.REFUSED) {
            assertTrue(Set.of(400, 413, 414).contains(a.status()),
                    c.name() + ": expected a refusal (400, or 413/414 for sizes), got " + a.status() + " "
                            + abbreviate(a.body()));
            assertFalse(errorMessage(a).isBlank(), c.name() + ": refused without saying why: " + abbreviate(a.body()));
        }
    }

    static List<Case<Call>> apiCases() {
        List<Case<Call>> cases = new ArrayList<>();
        // every text field of a validly signed action (target selects no agent)
        Map<String, Consumer<ObjectNode>> fields = new java.util.LinkedHashMap<>();
        fields.put("name", a -> a.put("name", "poison " + MARK));
        fields.put("target", a -> a.put("target", "name='" + NOBODY + MARK + "'"));
        for (String f : List.of("author", "email", "url")) {
            fields.put("description." + f, a -> ((ObjectNode) a.get("description")).put(f, MARK));
        }
        for (String f : List.of("ref", "level", "family", "type")) {
            fields.put("threat." + f, a -> ((ObjectNode) a.get("threat")).put(f, MARK));
        }
        fields.put("operations[0].module", a -> op(a).put("module", "file" + MARK));
        fields.put("operations[0].parameters (a search path)",
                a -> Poison.replaceText(op(a).get("parameters"), PATH_MARK, TextNode.valueOf(PATH_MARK + MARK)));
        for (var f : fields.entrySet()) {
            for (Text t : Text.values()) {
                cases.add(new Case<Call>("action " + f.getKey() + " with " + t, Expect.REFUSED,
                        () -> createAction(f.getValue(), t, false)));
            }
        }
        for (Text t : Text.values()) {
            cases.add(new Case<Call>("action pgpsignatures[0] with " + t, Expect.REFUSED, () -> createAction(a -> {}, t, true)));
        }
        // times and numbers (signed where the signature covers them)
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        cases.add(signed("action expiring 9999-12-31", Expect.REFUSED, a -> a.put("expireafter", "9999-12-31T23:59:59Z")));
        cases.add(signed("action expiring in 6000h (mig -e 6000h)", Expect.REFUSED,
                a -> a.put("expireafter", MigTime.format(now.plusHours(6000)))));
        cases.add(signed("action expiring in year 300000 (past PostgreSQL's timestamps)", Expect.REFUSED,
                a -> a.put("expireafter", "+300000-01-01T00:00:00Z")));
        cases.add(signed("action valid from 9999-12-30 to 9999-12-31", Expect.REFUSED, a -> {
            a.put("validfrom", "9999-12-30T00:00:00Z");
            a.put("expireafter", "9999-12-31T23:59:59Z");
        }));
        cases.add(signed("action window one second over " + API_MAX_WINDOW, Expect.REFUSED, a -> {
            OffsetDateTime from = OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(60);
            a.put("validfrom", MigTime.format(from));
            a.put("expireafter", MigTime.format(from.plus(window()).plusSeconds(1)));
        }));
        cases.add(signed("action window of exactly " + API_MAX_WINDOW, Expect.ACCEPTED, a -> {
            OffsetDateTime from = OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(60);
            a.put("validfrom", MigTime.format(from));
            a.put("expireafter", MigTime.format(from.plus(window())));
        }));
        cases.add(signed("action valid from year 1 (Go's zero time)", Expect.EITHER,
                a -> a.put("validfrom", "0001-01-01T00:00:00Z")));
        cases.add(signed("action syntaxversion 2^31", Expect.REFUSED,
                a -> a.set("syntaxversion", BigIntegerNode.valueOf(BigInteger.TWO.pow(31)))));
        cases.add(signed("action description.revision 10^30", Expect.REFUSED,
                a -> ((ObjectNode) a.get("description")).set("revision", BigIntegerNode.valueOf(HUGE))));
        cases.add(signed("action description.revision 2^63-1", Expect.EITHER,
                a -> ((ObjectNode) a.get("description")).put("revision", Long.MAX_VALUE)));
        cases.add(signed("action id 2^63-1 (the server assigns ids)", Expect.EITHER, a -> a.put("id", Long.MAX_VALUE)));
        cases.add(signed("action id -1", Expect.EITHER, a -> a.put("id", -1L)));
        cases.add(signed("file option maxdepth 10^30", Expect.REFUSED,
                a -> setField(op(a).get("parameters"), "maxdepth", BigIntegerNode.valueOf(HUGE))));
        cases.add(new Case<Call>("timedrift drift 9999999999999999h (a duration past any clock)", Expect.REFUSED,
                () -> postAction(signAndWrite(baseAction("timedrift", List.of("-drift", "5s")), a ->
                        Poison.replaceText(op(a).get("parameters"), "5s", TextNode.valueOf("9999999999999999h"))))));
        // compressed parameters (mig -z): a decompression bomb, and one byte over the inflate limit
        cases.add(new Case<Call>("compressed parameters inflating to 15 MiB (a 15 KB bomb)", Expect.REFUSED,
                () -> postAction(signAndWrite(baseAction("file", fileFlags()), a -> bomb(a, 15 << 20)))));
        cases.add(new Case<Call>("compressed parameters one byte over " + API_MAX_PARAMETERS, Expect.REFUSED,
                () -> postAction(signAndWrite(baseAction("file", fileFlags()),
                        a -> compress(a, (int) limit(NODE, API_MAX_PARAMETERS) + 1)))));
        cases.add(new Case<Call>("request body one byte over " + API_BODY_LIMIT, Expect.REFUSED, () -> {
            long size = limit(NODE, API_BODY_LIMIT) + 1;
            return postForm("action/create/", "action=" + "A".repeat((int) size - "action=".length()));
        }));
        // searches
        for (Text t : Text.values()) {
            cases.add(new Case<Call>("search actionname with " + t, Expect.REFUSED,
                    () -> get("search?type=action&" + Poison.formField("actionname", "", Poison.raw(t), ""))));
        }
        cases.add(new Case<Call>("search target with a NUL", Expect.REFUSED,
                () -> get("search?type=agent&" + Poison.formField("target", "name='", Poison.raw(Text.NUL), "'"))));
        cases.add(new Case<Call>("search agentname with invalid UTF-8", Expect.REFUSED,
                () -> get("search?type=agent&" + Poison.formField("agentname", "", Poison.raw(Text.INVALID_UTF8), ""))));
        cases.add(new Case<Call>("search limit 10^20 (MIG reads it as a float)", Expect.EITHER,
                () -> get("search?type=action&limit=100000000000000000000")));
        cases.add(new Case<Call>("search limit 1e400 (past any double)", Expect.REFUSED, () -> get("search?type=action&limit=1e400")));
        cases.add(new Case<Call>("search actionid 10^20", Expect.REFUSED, () -> get("search?type=command&actionid=100000000000000000000")));
        cases.add(new Case<Call>("search offset -1", Expect.EITHER, () -> get("search?type=action&offset=-1")));
        cases.add(new Case<Call>("search after year 300000", Expect.EITHER,
                () -> get("search?type=action&after=" + Poison.formEncode("+300000-01-01T00:00:00Z"))));
        cases.add(new Case<Call>("GET action?actionid=10^20", Expect.REFUSED, () -> get("action?actionid=100000000000000000000")));
        // the agents' HTTP heartbeat (unauthenticated)
        Map<String, Consumer<ObjectNode>> hbFields = new java.util.LinkedHashMap<>();
        hbFields.put("name", h -> h.put("name", "http-poison-" + MARK));
        hbFields.put("version", h -> h.put("version", MARK));
        hbFields.put("environment.os", h -> ((ObjectNode) h.get("environment")).put("os", MARK));
        hbFields.put("a tag name", h -> ((ObjectNode) h.get("tags").get(0)).put("name", MARK));
        hbFields.put("a tag value", h -> ((ObjectNode) h.get("tags").get(0)).put("value", MARK));
        for (var f : hbFields.entrySet()) {
            for (Text t : Text.values()) {
                cases.add(new Case<Call>("HTTP heartbeat " + f.getKey() + " with " + t, Expect.REFUSED, () -> {
                    ObjectNode h = httpHeartbeat();
                    f.getValue().accept(h);
                    return postJson("heartbeat", Poison.splice(h, t.wire));
                }));
            }
        }
        cases.add(httpHeartbeatCase("HTTP heartbeat started tomorrow", h -> h.put("startTime", MigTime.format(now.plusDays(1)))));
        cases.add(httpHeartbeatCase("HTTP heartbeat started one minute past " + API_HEARTBEAT_SKEW, h -> h.put("startTime",
                MigTime.format(OffsetDateTime.now(ZoneOffset.UTC).plus(duration(NODE, API_HEARTBEAT_SKEW)).plusMinutes(1)))));
        cases.add(httpHeartbeatCase("HTTP heartbeat started in year 300000", h -> h.put("startTime", "+300000-01-01T00:00:00Z")));
        cases.add(httpHeartbeatCase("HTTP heartbeat refreshed in year 300000", h -> h.put("refreshTime", "+300000-01-01T00:00:00Z")));
        cases.add(httpHeartbeatCase("HTTP heartbeat pid 2^31", h -> h.put("pid", 1L << 31)));
        cases.add(httpHeartbeatCase("HTTP heartbeat pid 10^30", h -> h.set("pid", BigIntegerNode.valueOf(HUGE))));
        cases.add(new Case<Call>("HTTP heartbeat one byte over " + API_BODY_LIMIT, Expect.REFUSED, () -> {
            return postJson("heartbeat", padTo(MigJson.writeBytes(httpHeartbeat()), limit(NODE, API_BODY_LIMIT) + 1));
        }));
        // investigators
        for (Text t : Text.values()) {
            cases.add(new Case<Call>("investigator create, name with " + t, Expect.REFUSED, () ->
                    postForm("investigator/create/", Poison.formField("name", "mallory ", Poison.raw(t), "")
                            + "&publickey=" + Poison.formEncode(freshKey()))));
        }
        cases.add(new Case<Call>("investigator create, public key with a NUL", Expect.REFUSED, () ->
                postForm("investigator/create/", "name=mallory&" + Poison.formField("publickey", freshKey(),
                        Poison.raw(Text.NUL), ""))));
        cases.add(new Case<Call>("investigator create, permission named with a NUL", Expect.REFUSED, () ->
                postForm("investigator/create/", "name=mallory&publickey=" + Poison.formEncode(freshKey())
                        + "&" + Poison.formField("permissions", "{\"search", Poison.raw(Text.NUL), "\":true}"))));
        cases.add(new Case<Call>("investigator update, id 10^20", Expect.REFUSED,
                () -> postForm("investigator/update/", "id=100000000000000000000&status=active")));
        cases.add(new Case<Call>("investigator update, status with a NUL", Expect.REFUSED,
                () -> postForm("investigator/update/", "id=1&" + Poison.formField("status", "active", Poison.raw(Text.NUL), ""))));
        cases.add(new Case<Call>("action cancel, actionid with a NUL", Expect.REFUSED,
                () -> postForm("action/cancel/", Poison.formField("actionid", "1", Poison.raw(Text.NUL), ""))));
        cases.add(new Case<Call>("action cancel, actionid 10^20", Expect.REFUSED,
                () -> postForm("action/cancel/", "actionid=100000000000000000000")));
        return cases;
    }

    static Case<Call> signed(String name, Expect expect, Consumer<ObjectNode> patch) {
        return new Case<Call>(name, expect, () -> postAction(signAndWrite(baseAction("file", fileFlags()), patch)));
    }

    static Case<Call> httpHeartbeatCase(String name, Consumer<ObjectNode> patch) {
        return new Case<Call>(name, Expect.REFUSED, () -> {
            ObjectNode h = httpHeartbeat();
            patch.accept(h);
            return postJson("heartbeat", MigJson.writeBytes(h));
        });
    }

    static List<String> fileFlags() {
        return List.of("-path", PATH_MARK, "-name", "^poison$");
    }

    /** An unsigned action as {@code mig <module> <flags>} builds it, with every optional field filled. */
    static ObjectNode baseAction(String module, List<String> moduleFlags) {
        var flags = ModuleFlagsRegistry.parse(module, moduleFlags).orElseThrow();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        ObjectNode a = MigJson.mapper().createObjectNode();
        a.put("name", "poison " + module);
        a.put("target", "name='" + NOBODY + "'");
        a.putObject("description").put("author", "alice").put("email", "alice@example.net")
                .put("url", "https://example.net/poison").put("revision", 1);
        a.putObject("threat").put("ref", "poison").put("level", "info").put("family", "test").put("type", "poison");
        a.put("validfrom", MigTime.format(now.minusSeconds(60)));
        a.put("expireafter", MigTime.format(now.plusMinutes(2)));
        a.putArray("operations").addObject().put("module", flags.module()).set("parameters", flags.parameters());
        a.put("syntaxversion", Action.SYNTAX_VERSION);
        return a;
    }

    static ObjectNode op(ObjectNode action) {
        return (ObjectNode) action.get("operations").get(0);
    }

    /**
     * Marks the action with {@code mark}, signs it as the receiver will see it with {@code t} in place of the
     * mark (so that only the poison can be refused, never the signature), and posts it with {@code t}'s bytes.
     * With {@code inSignature} the poison goes into the signature itself instead.
     */
    static Answer createAction(Consumer<ObjectNode> mark, Text t, boolean inSignature) throws Exception {
        ObjectNode a = baseAction("file", fileFlags());
        mark.accept(a);
        String sig = signature(inSignature ? a : Poison.resolve(a, t.seen));
        a.putArray("pgpsignatures").add(inSignature ? sig + MARK : sig);
        return postAction(Poison.splice(a, t.wire));
    }

    /** Applies {@code patch}, signs, and writes the action as JSON bytes. */
    static byte[] signAndWrite(ObjectNode a, Consumer<ObjectNode> patch) throws Exception {
        patch.accept(a);
        a.putArray("pgpsignatures").add(signature(a));
        return MigJson.writeBytes(a);
    }

    /** alice's signature over MIG's signed string of the action (only the fields it covers are read). */
    static String signature(JsonNode action) throws Exception {
        ObjectNode covered = MigJson.mapper().createObjectNode();
        for (String f : List.of("name", "target", "validfrom", "expireafter", "operations")) {
            if (action.has(f)) {
                covered.set(f, action.get(f));
            }
        }
        Action parsed;
        try {
            parsed = MigJson.mapper().treeToValue(covered, Action.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException unreadable) {
            // a time no MIG reader takes (year 300000) has no signed string: sign the action as it was before the
            // patch, so only the unreadable field is wrong and the receiver must refuse it at parse
            ObjectNode readable = covered.deepCopy();
            readable.put("validfrom", MigTime.format(OffsetDateTime.now(ZoneOffset.UTC)));
            readable.put("expireafter", MigTime.format(OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(5)));
            parsed = MigJson.mapper().treeToValue(readable, Action.class);
        }
        return platform.signer.sign(SignedString.of(parsed).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A decompression bomb: the operation's search path becomes a string of about {@code size} bytes, and the
     * parameters are compressed as {@code mig -z} does (to some 15 KB for 15 MiB).
     */
    static void bomb(ObjectNode a, int size) {
        Poison.replaceText(op(a).get("parameters"), PATH_MARK, TextNode.valueOf("/" + "x".repeat(size)));
        compress(a, 0);
    }

    /**
     * Compresses the action's parameters as {@code mig -z} does; with {@code size} larger than their JSON,
     * padded with whitespace to inflate to exactly {@code size} bytes (the same parameters, only bigger).
     */
    static void compress(ObjectNode a, int size) {
        ObjectNode o = op(a);
        byte[] json = MigJson.writeBytes(o.get("parameters"));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
            gz.write(json);
            byte[] spaces = new byte[64 * 1024];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (long left = size - json.length; left > 0; left -= spaces.length) {
                gz.write(spaces, 0, (int) Math.min(left, spaces.length));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        o.put("parameters", Base64.getEncoder().encodeToString(buf.toByteArray()));
        o.put("is_compressed", true);
        o.put("want_compressed", true);
    }

    static void setField(JsonNode tree, String field, JsonNode value) {
        if (tree instanceof ObjectNode o && o.has(field)) {
            o.set(field, value);
            return;
        }
        for (JsonNode child : tree) {
            if (child.isContainerNode()) {
                try {
                    setField(child, field, value);
                    return;
                } catch (IllegalArgumentException notThere) {
                    // try the next child
                }
            }
        }
        throw new IllegalArgumentException("no field " + field + " in " + tree);
    }

    /**
     * A JSON object grown to exactly {@code size} bytes with whitespace after its opening brace: the same
     * message, valid and ending as it did, only bigger (what a size limit alone must refuse).
     */
    static byte[] padTo(byte[] json, long size) {
        long fill = size - json.length;
        if (json.length == 0 || json[0] != '{' || fill < 0 || fill > Integer.MAX_VALUE) {
            throw new IllegalStateException("cannot pad " + json.length + " bytes to " + size);
        }
        byte[] out = new byte[(int) size];
        out[0] = '{';
        java.util.Arrays.fill(out, 1, 1 + (int) fill, (byte) ' ');
        System.arraycopy(json, 1, out, 1 + (int) fill, json.length - 1);
        return out;
    }

    /** A heartbeat as the last MIG agents POST it, complete and current. */
    static ObjectNode httpHeartbeat() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        ObjectNode h = MigJson.mapper().createObjectNode();
        String name = "http-poison-" + heartbeatCase.incrementAndGet();
        h.put("name", name).put("mode", "daemon").put("version", "gator-test").put("pid", 4242)
                .put("queueLoc", "linux." + name).put("startTime", MigTime.format(now.minusSeconds(10)))
                .put("refreshTime", MigTime.format(now));
        h.putObject("environment").put("init", "systemd").put("ident", "Debian 12").put("os", "linux")
                .put("arch", "amd64").put("isProxied", false).put("proxy", "").put("publicIP", "127.0.0.1");
        h.putArray("tags").addObject().put("name", "operator").put("value", "poison");
        return h;
    }

    static String freshKey() {
        return KeyGen.ed25519("mallory <mallory@example.net>").armoredPublicKey();
    }

    static Answer postAction(byte[] actionJson) throws Exception {
        return postForm("action/create/", "action=" + Poison.formEncode(actionJson));
    }

    static Answer postForm(String path, String form) throws Exception {
        return send(request(path).header("X-PGPAUTHORIZATION", platform.api.token())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.US_ASCII)));
    }

    static Answer postJson(String path, byte[] body) throws Exception {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    static Answer get(String pathAndQuery) throws Exception {
        return send(request(pathAndQuery).header("X-PGPAUTHORIZATION", platform.api.token()).GET());
    }

    static HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.apiPort + "/api/v1/" + pathAndQuery))
                .timeout(HTTP_TIMEOUT);
    }

    static Answer send(HttpRequest.Builder b) throws Exception {
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (HttpTimeoutException e) {
            throw new AssertionError("no answer within " + HTTP_TIMEOUT + ": the API hangs on this input");
        }
    }

    /** The error message of an answer: MIG's envelope, the heartbeat's {"error": ...}, or plain text for a 414. */
    static String errorMessage(Answer a) {
        try {
            JsonNode n = MigJson.tree(a.body());
            String m = n.path("collection").path("error").path("message").asText("");
            return m.isEmpty() && n.path("error").isTextual() ? n.path("error").textValue() : m;
        } catch (RuntimeException notJson) {
            return a.status() == 414 ? a.body() : "";
        }
    }

    // =========================================================================================================
    // results queue
    // =========================================================================================================

    @ParameterizedTest(name = "{0}")
    @MethodSource("resultCases")
    @Order(2)
    void aPoisonResultIsRefusedAloneAndTheGenuineOneBesideItIsPersisted(Case<ResultBody> c) throws Exception {
        if (resultsStuck != null) {
            fail("not tried: mig.agt.results has stored no genuine result since case '" + resultsStuck + "'");
        }
        Ghosts g = ghosts();
        int k = resultCase.getAndIncrement();
        ObjectNode poisoned = g.command(2 * k);
        ObjectNode genuine = g.command(2 * k + 1);
        byte[] poison = c.input().of(poisoned);
        Expect expect = c.expect();
        if (expect == Expect.BY_SIZE) { // a big answer is legitimate up to the limit
            expect = poison.length > limit(NODE, RESULTS_MAX_BYTES) ? Expect.REFUSED : Expect.ACCEPTED;
        }
        platform.step("results: " + c.name());
        amqp.result(poison);
        amqp.result(answer(genuine, "success"));
        long genuineId = genuine.get("id").asLong();
        long poisonedId = poisoned.get("id").asLong();
        try {
            awaitFast(SETTLE, () -> g.journaled().containsKey(genuineId),
                    "the genuine result sent with the poison persisted (command " + genuineId + ")");
        } catch (AssertionError e) {
            resultsStuck = c.name();
            throw e;
        }
        assertNoneReady(MigTopology.RESULTS);
        if (expect == Expect.REFUSED) {
            assertFalse(g.journaled().containsKey(poisonedId), c.name() + ": the poison result was persisted");
        } else if (expect == Expect.ACCEPTED) {
            awaitFast(SETTLE, () -> g.journaled().containsKey(poisonedId), c.name() + " accepted");
        }
    }

    static List<Case<ResultBody>> resultCases() {
        List<Case<ResultBody>> cases = new ArrayList<>();
        Map<String, Consumer<ObjectNode>> fields = new java.util.LinkedHashMap<>();
        fields.put("an element's text", r -> elements(r).put("file", MARK));
        fields.put("an element's key", r -> elements(r).put(MARK, 1));
        fields.put("errors[0]", r -> result(r).putArray("errors").add(MARK));
        fields.put("statistics", r -> ((ObjectNode) result(r).get("statistics")).put("filescount", MARK));
        fields.put("status", r -> r.put("status", "success" + MARK));
        for (var f : fields.entrySet()) {
            for (Text t : Text.values()) {
                Expect e = resultExpectation(f.getKey(), t);
                cases.add(new Case<ResultBody>("result " + f.getKey() + " with " + t, e, cmd -> {
                    ObjectNode r = answerTree(cmd, "success");
                    f.getValue().accept(r);
                    return Poison.splice(r, t.wire);
                }));
            }
        }
        for (Text t : Text.values()) {
            cases.add(new Case<ResultBody>("result agent.queueloc with " + t, Expect.EITHER, cmd -> {
                ObjectNode r = answerTree(cmd, "success");
                ((ObjectNode) r.get("agent")).put("queueloc", MARK);
                return Poison.splice(r, t.wire);
            }));
        }
        cases.add(new Case<ResultBody>("result command id 2^63-1", Expect.REFUSED,
                cmd -> MigJson.writeBytes(answerTree(cmd, "success").put("id", Long.MAX_VALUE))));
        cases.add(new Case<ResultBody>("result command id 10^30", Expect.REFUSED,
                cmd -> MigJson.writeBytes(answerTree(cmd, "success").set("id", BigIntegerNode.valueOf(HUGE)))));
        cases.add(new Case<ResultBody>("result action id -1", Expect.REFUSED, cmd -> {
            ObjectNode r = answerTree(cmd, "success");
            ((ObjectNode) r.get("action")).put("id", -1L);
            return MigJson.writeBytes(r);
        }));
        cases.add(new Case<ResultBody>("result action id 10^30", Expect.REFUSED, cmd -> {
            ObjectNode r = answerTree(cmd, "success");
            ((ObjectNode) r.get("action")).set("id", BigIntegerNode.valueOf(HUGE));
            return MigJson.writeBytes(r);
        }));
        cases.add(new Case<ResultBody>("result element number 1e400 (past any double)", Expect.EITHER, cmd -> {
            ObjectNode r = answerTree(cmd, "success");
            elements(r).put("size", MARK);
            return Poison.splice(MigJson.write(r).replace("\"" + MARK + "\"", MARK), "1e400".getBytes(StandardCharsets.US_ASCII));
        }));
        cases.add(new Case<ResultBody>("result finished in year 300000", Expect.EITHER,
                cmd -> MigJson.writeBytes(answerTree(cmd, "success").put("finishtime", "+300000-01-01T00:00:00Z"))));
        cases.add(new Case<ResultBody>("result elements nested " + DEEP + " deep", Expect.REFUSED, cmd -> {
            ObjectNode r = answerTree(cmd, "success");
            result(r).put("elements", MARK);
            return Poison.splice(MigJson.write(r).replace("\"" + MARK + "\"", MARK),
                    Poison.nested(DEEP).getBytes(StandardCharsets.US_ASCII));
        }));
        cases.add(new Case<ResultBody>("result one byte over " + RESULTS_MAX_BYTES, Expect.REFUSED,
                cmd -> padTo(answer(cmd, "success"), limit(NODE, RESULTS_MAX_BYTES) + 1)));
        cases.add(new Case<ResultBody>("result of exactly " + RESULTS_MAX_BYTES, Expect.ACCEPTED,
                cmd -> padTo(answer(cmd, "success"), limit(NODE, RESULTS_MAX_BYTES))));
        cases.add(new Case<ResultBody>("result that is not JSON", Expect.REFUSED,
                cmd -> "{\"id\": 1, \"action\": {".getBytes(StandardCharsets.US_ASCII)));
        cases.add(new Case<ResultBody>("result ending with a newline (as some agents send)", Expect.ACCEPTED,
                cmd -> (MigJson.write(answerTree(cmd, "success")) + "\n").getBytes(StandardCharsets.UTF_8)));
        return cases;
    }

    /**
     * A status is one of three words: anything else is refused. Results may be big, up to the limit (not their
     * keys). Bytes that
     * are not UTF-8 cannot be parsed. A NUL or a lone surrogate may be refused, or kept and stored escaped (an
     * agent's genuine answer may hold one, e.g. in an error text): either way the read side must go on, which
     * the last test checks by reading every forged agent's answer there.
     */
    static Expect resultExpectation(String field, Text t) {
        if (field.equals("status") || field.endsWith("key") && t == Text.MEGABYTE_VALUE) {
            return Expect.REFUSED; // a 1 MB name is past what the JSON parser reads (Jackson: 50,000 characters)
        }
        return switch (t) {
            case INVALID_UTF8 -> Expect.REFUSED;
            case MEGABYTE_VALUE -> Expect.BY_SIZE;
            case NUL, LONE_SURROGATE -> Expect.EITHER;
        };
    }

    /** The first result of an answer tree. */
    static ObjectNode result(ObjectNode answer) {
        return (ObjectNode) answer.get("results").get(0);
    }

    static ObjectNode elements(ObjectNode answer) {
        return (ObjectNode) result(answer).get("elements");
    }

    /** A forged agent's answer to a command: the command with its status and one file-search result. */
    static ObjectNode answerTree(ObjectNode command, String status) {
        ObjectNode a = command.deepCopy();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        a.put("status", status).put("starttime", MigTime.format(now.minusSeconds(1))).put("finishtime", MigTime.format(now));
        ObjectNode r = a.putArray("results").addObject();
        r.put("foundanything", true).put("success", true);
        r.putObject("elements").put("file", "/etc/passwd");
        r.putObject("statistics").put("filescount", 1);
        r.putNull("errors");
        return a;
    }

    static byte[] answer(ObjectNode command, String status) {
        return MigJson.writeBytes(answerTree(command, status));
    }

    /**
     * Agents the test plays: {@code ghost-NNN}, made known by genuine heartbeats, each with its queue bound as an
     * agent binds it; one action targets them all, and each ghost's command is read from its queue. Two per
     * results case: one answered with poison, one genuinely beside it.
     */
    record Ghosts(long actionId, List<ObjectNode> commands) {
        ObjectNode command(int i) {
            return commands.get(i);
        }

        Map<Long, Integer> journaled() {
            return platform.finishedInJournal(actionId);
        }
    }

    static synchronized Ghosts ghosts() throws Exception {
        if (ghosts != null) {
            return ghosts;
        }
        int n = 2 * resultCases().size();
        for (int i = 0; i < n; i++) {
            amqp.declareAgentQueue(ghostQueue(i));
            amqp.heartbeat(MigJson.writeBytes(heartbeat("ghost-%03d".formatted(i), ghostQueue(i))));
        }
        platform.await(SETTLE, () -> platform.queryLong("SELECT count(*) FROM agents WHERE name LIKE 'ghost-%'"
                + " AND status = 'online'") == n, n + " forged agents online");
        long id = platform.launch("file", "name LIKE 'ghost-%'", Duration.ofMinutes(20),
                List.of("-path", platform.tree.toString(), "-name", "^passwd$"));
        List<ObjectNode> commands = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String q = MigTopology.agentQueue(ghostQueue(i));
            byte[][] got = new byte[1][];
            platform.await(Duration.ofSeconds(90), () -> {
                try {
                    got[0] = amqp.take(q).orElse(null);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return got[0] != null;
            }, "the command of " + q);
            commands.add((ObjectNode) MigJson.mapper().readTree(got[0]));
        }
        platform.step("forged agents' action " + id + ": " + n + " commands taken");
        ghosts = new Ghosts(id, commands);
        return ghosts;
    }

    static String ghostQueue(int i) {
        return "linux.ghost-%03d".formatted(i);
    }

    // =========================================================================================================
    // heartbeat queue
    // =========================================================================================================

    @ParameterizedTest(name = "{0}")
    @MethodSource("heartbeatCases")
    @Order(3)
    void aPoisonHeartbeatIsRefusedAloneAndTheGenuineOneBesideItIsStored(Case<HeartbeatBody> c) throws Exception {
        if (heartbeatsStuck != null) {
            fail("not tried: mig.agt.heartbeats has stored no genuine heartbeat since case '" + heartbeatsStuck + "'");
        }
        int n = heartbeatCase.incrementAndGet();
        String bad = "linux.hb-bad-%03d.q".formatted(n);
        String ok = "linux.hb-ok-%03d".formatted(n);
        platform.step("heartbeats: " + c.name());
        amqp.heartbeat(c.input().of("hb-bad-%03d".formatted(n), bad));
        amqp.heartbeat(MigJson.writeBytes(heartbeat("hb-ok-%03d".formatted(n), ok)));
        try {
            awaitFast(SETTLE, () -> platform.queryLong("SELECT count(*) FROM agents WHERE queueloc = '" + ok + "'") == 1,
                    "the genuine heartbeat sent with the poison stored (" + ok + ")");
        } catch (AssertionError e) {
            heartbeatsStuck = c.name();
            throw e;
        }
        assertNoneReady(MigTopology.HEARTBEATS);
        String poisonRows = "SELECT count(*) FROM agents WHERE queueloc LIKE 'linux.hb-bad-%03d.%%'".formatted(n);
        if (c.expect() == Expect.REFUSED) {
            assertEquals(0, platform.queryLong(poisonRows), c.name() + ": the poison heartbeat was stored");
        } else if (c.expect() == Expect.ACCEPTED) {
            awaitFast(SETTLE, () -> platform.queryLong(poisonRows) == 1, c.name() + " stored");
        }
    }

    static List<Case<HeartbeatBody>> heartbeatCases() {
        List<Case<HeartbeatBody>> cases = new ArrayList<>();
        Map<String, Consumer<ObjectNode>> fields = new java.util.LinkedHashMap<>();
        fields.put("name", h -> h.put("name", "hb-bad-" + MARK));
        fields.put("queueloc", h -> h.put("queueloc", h.get("queueloc").textValue() + MARK));
        fields.put("version", h -> h.put("version", MARK));
        fields.put("loadername", h -> h.put("loadername", MARK));
        for (String f : List.of("init", "ident", "os", "arch", "proxy", "publicip")) {
            fields.put("environment." + f, h -> ((ObjectNode) h.get("environment")).put(f, MARK));
        }
        fields.put("environment.addresses[0]", h -> ((ObjectNode) h.get("environment")).putArray("addresses").add(MARK));
        fields.put("environment.modules[0]", h -> ((ObjectNode) h.get("environment")).putArray("modules").add(MARK));
        fields.put("a tag name", h -> ((ObjectNode) h.get("tags")).put(MARK, "poison"));
        fields.put("a tag value", h -> ((ObjectNode) h.get("tags")).put("operator", MARK));
        for (var f : fields.entrySet()) {
            for (Text t : Text.values()) {
                cases.add(new Case<HeartbeatBody>("heartbeat " + f.getKey() + " with " + t, Expect.REFUSED, (name, q) -> {
                    ObjectNode h = heartbeatTree(name, q);
                    f.getValue().accept(h);
                    return Poison.splice(h, t.wire);
                }));
            }
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        cases.add(heartbeatCase("heartbeat pid 2^31 (past the agents table's integer)", Expect.REFUSED, h -> h.put("pid", 1L << 31)));
        cases.add(heartbeatCase("heartbeat pid 10^30", Expect.REFUSED, h -> h.set("pid", BigIntegerNode.valueOf(HUGE))));
        for (String f : List.of("starttime", "heartbeatts", "refreshts", "destructiontime")) {
            cases.add(heartbeatCase("heartbeat " + f + " in year 300000 (past PostgreSQL's timestamps)", Expect.REFUSED,
                    h -> h.put(f, "+300000-01-01T00:00:00Z")));
        }
        cases.add(heartbeatCase("heartbeat heartbeatts 9999-12-31 (online for ever)", Expect.REFUSED,
                h -> h.put("heartbeatts", "9999-12-31T23:59:59Z")));
        cases.add(heartbeatCase("heartbeat heartbeatts tomorrow", Expect.REFUSED,
                h -> h.put("heartbeatts", MigTime.format(now.plusDays(1)))));
        cases.add(heartbeatCase("heartbeat heartbeatts one minute past " + HEARTBEAT_SKEW, Expect.REFUSED,
                h -> h.put("heartbeatts", MigTime.format(OffsetDateTime.now(ZoneOffset.UTC)
                        .plus(duration(NODE, HEARTBEAT_SKEW)).plusMinutes(1)))));
        cases.add(new Case<HeartbeatBody>("heartbeat tags nested " + DEEP + " deep", Expect.REFUSED, (name, q) -> {
            ObjectNode h = heartbeatTree(name, q);
            ((ObjectNode) h.get("tags")).put("operator", MARK);
            return Poison.splice(MigJson.write(h).replace("\"" + MARK + "\"", MARK),
                    Poison.nested(DEEP).getBytes(StandardCharsets.US_ASCII));
        }));
        cases.add(new Case<HeartbeatBody>("heartbeat one byte over " + HEARTBEAT_MAX_BYTES, Expect.REFUSED,
                (name, q) -> padTo(MigJson.writeBytes(heartbeatTree(name, q)), limit(NODE, HEARTBEAT_MAX_BYTES) + 1)));
        cases.add(new Case<HeartbeatBody>("heartbeat of exactly " + HEARTBEAT_MAX_BYTES, Expect.ACCEPTED,
                (name, q) -> padTo(MigJson.writeBytes(heartbeatTree(name, q)), limit(NODE, HEARTBEAT_MAX_BYTES))));
        cases.add(new Case<HeartbeatBody>("heartbeat that is not JSON", Expect.REFUSED,
                (name, q) -> "{\"name\": \"x\", \"queueloc\":".getBytes(StandardCharsets.US_ASCII)));
        cases.add(new Case<HeartbeatBody>("heartbeat ending with a newline", Expect.ACCEPTED,
                (name, q) -> (MigJson.write(heartbeatTree(name, q)) + "\n").getBytes(StandardCharsets.UTF_8)));
        return cases;
    }

    static Case<HeartbeatBody> heartbeatCase(String name, Expect expect, Consumer<ObjectNode> patch) {
        return new Case<HeartbeatBody>(name, expect, (n, q) -> {
            ObjectNode h = heartbeatTree(n, q);
            patch.accept(h);
            return MigJson.writeBytes(h);
        });
    }

    /** A genuine heartbeat (MIG's mig.Agent) of an agent started 10 s ago. */
    static Agent heartbeat(String name, String queueLoc) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return Agent.of(name, queueLoc).withMode("daemon").withProcess("gator-test", 4242)
                .withTimes(now.minusSeconds(10), now, now)
                .withEnvironment(AgentEnv.of("systemd", "Debian 12", "linux", "amd64")
                        .withAddresses(List.of("10.0.0.1/8"), "127.0.0.1").withModules(List.of("file")))
                .withTags(Map.of("operator", "poison"));
    }

    static ObjectNode heartbeatTree(String name, String queueLoc) {
        return MigJson.mapper().valueToTree(heartbeat(name, queueLoc));
    }

    // =========================================================================================================
    // an agent's queue
    // =========================================================================================================

    @ParameterizedTest(name = "{0}")
    @MethodSource("agentCases")
    @Order(4)
    void theAgentAcksPoisonAndStaysUpToAnswerTheNextAction(Case<AgentBody> c) throws Exception {
        ensureAgentUp();
        String queueLoc = platform.agentQueueLoc(AGENT);
        long actionId = forgedActionIds.addAndGet(2);
        platform.step("agent queue: " + c.name());
        amqp.toAgent(queueLoc, c.input().of(actionId, actionId + 1));
        // a genuine action behind the poison: its answer in the journal means the poison was dealt with
        long probe = platform.launch("file", "name = '" + AGENT + "'", Duration.ofMinutes(1),
                List.of("-path", platform.tree.toString(), "-name", "^passwd$"));
        SystemPlatform.Node agent = platform.nodes.get(AGENT);
        awaitFast(SETTLE, () -> !agent.alive() || platform.finishedInJournal(probe).size() == 1,
                "the agent answering action " + probe + ", sent after the poison");
        if (!agent.alive()) {
            List<String> lines = agent.logText().lines().toList();
            fail(c.name() + ": the agent exited (" + agent.process().exitValue() + "): "
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
        }
        // every message taken and settled, none held unacknowledged (the agent's prefetch hides those from ready)
        String queue = MigTopology.agentQueue(queueLoc);
        var last = new java.util.concurrent.atomic.AtomicReference<Map<String, Long>>(Map.of());
        try {
            awaitFast(Duration.ofSeconds(10), () -> last.updateAndGet(x -> platform.queues()).getOrDefault(queue, 0L) == 0,
                    "the agent's queue empty");
        } catch (AssertionError e) {
            agentQueueDirty = true;
            fail(c.name() + ": a message stays in the agent's queue (unacknowledged or handed back): " + last.get().get(queue));
        }
        if (c.name().contains("without id")) {
            Thread.sleep(1000); // its answer, if any, reached the scheduler with the probe's
            assertFalse(platform.nodes.get(NODE).logText().contains("result without command id (action " + actionId + ")"),
                    "the agent answered a command without id (as command 0) instead of dropping it");
        }
        Thread.sleep(500);
        assertTrue(agent.alive(), c.name() + ": the agent exited after answering");
    }

    static List<Case<AgentBody>> agentCases() {
        List<Case<AgentBody>> cases = new ArrayList<>();
        cases.add(new Case<AgentBody>("a 10 MB unsigned command", Expect.REFUSED, (aid, cid) -> Poison.splice(
                "{\"id\":" + cid + ",\"action\":{\"id\":" + aid + ",\"name\":\"" + MARK + "\"}}",
                "A".repeat(10 << 20).getBytes(StandardCharsets.US_ASCII))));
        cases.add(new Case<AgentBody>("a signed command one byte over " + AGENT_MAX_COMMAND, Expect.REFUSED, (aid, cid) ->
                padTo(MigJson.writeBytes(command(aid, cid, a -> {})), limit(AGENT, AGENT_MAX_COMMAND) + 1)));
        cases.add(new Case<AgentBody>("a command that is not JSON", Expect.REFUSED, (aid, cid) ->
                ("{\"id\":" + cid + ",\"action\":{").getBytes(StandardCharsets.US_ASCII)));
        cases.add(new Case<AgentBody>("a command nested " + DEEP + " deep", Expect.REFUSED, (aid, cid) ->
                ("{\"id\":" + cid + ",\"action\":" + Poison.nested(DEEP) + "}").getBytes(StandardCharsets.US_ASCII)));
        cases.add(new Case<AgentBody>("a command id of 10^30", Expect.REFUSED, (aid, cid) ->
                ("{\"id\":" + HUGE + ",\"action\":{\"id\":" + aid + "}}").getBytes(StandardCharsets.US_ASCII)));
        for (Text t : Text.values()) {
            cases.add(new Case<AgentBody>("a signed command whose name has " + t, Expect.REFUSED, (aid, cid) -> {
                ObjectNode cmd = command(aid, cid, a -> a.put("name", "poison " + MARK));
                ObjectNode action = (ObjectNode) cmd.get("action");
                action.putArray("pgpsignatures").add(signature(Poison.resolve(action, t.seen)));
                return Poison.splice(cmd, t.wire);
            }));
        }
        cases.add(new Case<AgentBody>("a signed command without id", Expect.REFUSED, (aid, cid) -> {
            ObjectNode cmd = command(aid, cid, a -> {});
            cmd.remove("id");
            return MigJson.writeBytes(cmd);
        }));
        cases.add(new Case<AgentBody>("a signed command expiring 9999-12-31", Expect.REFUSED, (aid, cid) ->
                MigJson.writeBytes(command(aid, cid, a -> a.put("expireafter", "9999-12-31T23:59:59Z")))));
        cases.add(new Case<AgentBody>("a signed command valid from year 300000", Expect.REFUSED, (aid, cid) ->
                MigJson.writeBytes(command(aid, cid, a -> {
                    a.put("validfrom", "+300000-01-01T00:00:00Z");
                    a.put("expireafter", "+300000-01-02T00:00:00Z");
                }))));
        cases.add(new Case<AgentBody>("a signed command whose parameters inflate to 15 MiB (a 15 KB bomb)", Expect.REFUSED, (aid, cid) ->
                MigJson.writeBytes(command(aid, cid, a -> bomb(a, 15 << 20)))));
        cases.add(new Case<AgentBody>("a signed command whose parameters inflate one byte over " + AGENT_MAX_PARAMETERS, Expect.REFUSED,
                (aid, cid) -> MigJson.writeBytes(command(aid, cid,
                        a -> compress(a, (int) limit(AGENT, AGENT_MAX_PARAMETERS) + 1)))));
        return cases;
    }

    /** A command for the real agent as a scheduler publishes it: a file search (of nothing), patched, signed by alice. */
    static ObjectNode command(long actionId, long commandId, Consumer<ObjectNode> patch) throws Exception {
        ObjectNode a = baseAction("file", fileFlags());
        a.put("id", actionId);
        a.put("target", "name='" + AGENT + "'");
        patch.accept(a);
        if (!a.get("name").textValue().contains(MARK)) {
            a.putArray("pgpsignatures").add(signature(a));
        }
        ObjectNode cmd = MigJson.mapper().createObjectNode();
        cmd.put("id", commandId);
        cmd.set("action", a);
        cmd.putObject("agent").put("name", AGENT).put("queueloc", platform.agentQueueLoc(AGENT)).put("mode", "daemon");
        cmd.put("status", "sent");
        return cmd;
    }

    /**
     * A real agent killed by an earlier case is started again, its queue emptied first (else it dies again); one
     * holding an earlier case's message is killed first, so that each case starts from an empty queue.
     */
    static void ensureAgentUp() throws Exception {
        boolean dead = !platform.nodes.get(AGENT).alive();
        if (dead || agentQueueDirty) {
            if (!dead) {
                platform.kill(AGENT);
            }
            String queue = MigTopology.agentQueue(platform.agentQueueLoc(AGENT));
            // the broker hands a dead consumer's messages back once it sees the connection gone
            awaitFast(SETTLE, () -> {
                try {
                    amqp.purge(queue);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return platform.queues().getOrDefault(queue, 0L) == 0;
            }, "the agent's queue emptied");
            platform.startAgent(AGENT);
            agentQueueDirty = false;
        }
    }

    // =========================================================================================================
    // afterwards
    // =========================================================================================================

    /**
     * After all of it, a normal file search on the real agent and the fleet completes with exact counters and its
     * results are on the read side; the forged agents' action, every remaining command answered genuinely, does
     * too (so no poison result stopped the projection); every queue is empty; no node crashed.
     */
    @Test
    @Order(5)
    void afterwardsAMigFileCompletesWithExactCountersAndItsResultsAreProjected() throws Exception {
        ensureAgentUp();
        int n = FLEET + 1;
        Counters all = new Counters(n, n, 0, n, 0, 0, 0, 0);
        long id = platform.launch("file", "name = '" + AGENT + "' OR name LIKE 'sim-%'", Duration.ofMinutes(2),
                List.of("-path", platform.tree.toString(), "-name", "^passwd$"));
        Action a = platform.awaitFinished(id, Duration.ofSeconds(90));
        Checks.everyAgentAnsweredOnce(platform, a, "completed", all);
        // what `mig` prints comes from the read side: every agent's match
        JsonNode env = platform.api.get("search?type=command&actionid=" + id + "&limit=100");
        List<JsonNode> commands = MigApiClient.values(env, "command");
        assertEquals(n, commands.size(), "commands of action " + id + " on the read side");
        for (JsonNode cmd : commands) {
            assertTrue(cmd.at("/results/0/foundanything").asBoolean(), "a found /etc/passwd in " + cmd);
        }

        Ghosts g = ghosts();
        Map<Long, Integer> done = g.journaled();
        for (ObjectNode cmd : g.commands()) {
            if (!done.containsKey(cmd.get("id").asLong())) {
                amqp.result(answer(cmd, "success"));
            }
        }
        int ghostsCount = g.commands().size();
        Action forged = platform.awaitFinished(g.actionId(), Duration.ofSeconds(60));
        Checks.everyAgentAnsweredOnce(platform, forged, "completed",
                new Counters(ghostsCount, ghostsCount, 0, ghostsCount, 0, 0, 0, 0));

        var queues = new java.util.concurrent.atomic.AtomicReference<Map<String, Long>>(Map.of());
        try {
            awaitFast(SETTLE, () -> queues.updateAndGet(x -> platform.queues()).values().stream().allMatch(m -> m == 0),
                    "every queue of the vhost empty");
        } catch (AssertionError e) {
            Map<String, Long> left = new java.util.TreeMap<>(queues.get());
            left.values().removeIf(m -> m == 0);
            fail("messages left (held unacknowledged or redelivered for ever): " + left);
        }
        Checks.noCrash(platform, List.of());
    }

    // =========================================================================================================

    /** Polls every 50 ms (a consumer settles a message in tens of milliseconds); fails naming {@code what}. */
    static void awaitFast(Duration within, java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never " + what + " within " + within);
            }
            Thread.sleep(50);
        }
    }

    /**
     * No message waits in the queue. Its consumers hold up to their prefetch unacknowledged, so this sees a
     * message handed back (a redelivery loop) only now and then: the last test counts every message with
     * rabbitmqctl.
     */
    static void assertNoneReady(String queue) throws Exception {
        assertEquals(0, amqp.ready(queue), queue + ": messages handed back to the queue");
    }

    /** A size limit (bytes) from a node's merged config. */
    static long limit(String node, String key) {
        return configured(node, key).getBytes(key);
    }

    /** A duration bound from a node's merged config. */
    static Duration duration(String node, String key) {
        return configured(node, key).getDuration(key);
    }

    /** The node's merged config, failing with the key's name when the key is not there (names differ). */
    static com.typesafe.config.Config configured(String node, String key) {
        var config = platform.config(node);
        if (!config.hasPath(key)) {
            throw new AssertionError("no config key " + key + " on " + node + ": the limit this case goes past "
                    + "(PoisonInputSystemTest names the keys it expects at its top)");
        }
        return config;
    }

    static Duration window() {
        return duration(NODE, API_MAX_WINDOW);
    }

    static String abbreviate(String s) {
        String one = s.replace('\n', ' ');
        return one.length() > 300 ? one.substring(0, 300) + "..." : one;
    }
}
