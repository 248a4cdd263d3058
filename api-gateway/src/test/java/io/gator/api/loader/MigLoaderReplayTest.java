package io.gator.api.loader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gator.api.testing.ApiHarness;
import io.gator.api.testing.FakeTokens;
import io.gator.core.investigator.Investigator;
import io.gator.core.investigator.Permissions;
import io.gator.core.json.MigJson;
import io.gator.core.manifest.ManifestArchive;
import io.gator.core.sign.KeyGen;
import io.gator.core.sign.Keyring;
import io.gator.core.sign.PgpVerifier;
import io.gator.core.sign.SignatureException;
import io.gator.core.testing.Fixtures;
import io.gator.persistence.Database;
import io.gator.persistence.Dialect;
import io.gator.persistence.TestDatabase;
import io.gator.persistence.schema.SchemaInit;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sends every request mig-console, mig-loader and curl sent MIG's API in the loader capture
 * ({@code fixtures/mig-wire/loader-runner/http/loader-*.txt}) to Gator's API on PostgreSQL, in order, and compares
 * each answer with MIG's: status, and the JSON modulo operation IDs, hosts in hrefs, times, loader keys,
 * signatures, file hashes and fetched data (which are checked separately). Investigators' tokens are replaced by
 * test tokens of the same investigator (found by verifying the captured token with the public keys the capture
 * created them with), the loader key by the key Gator issued (same substitution for the wrong-key cases), and
 * each captured manifest signature, over MIG's truncated hashes, is first sent as it is (Gator refuses it) and
 * then replaced by the same investigator's signature over Gator's signed string. Every difference must match
 * one documented below (docs/loader.md lists them), and every documented one must occur.
 */
class MigLoaderReplayTest {
    private static final AtomicLong NONCES = new AtomicLong(90_000);

    /** Each allowed difference (a regex over "phase METHOD path: what") and why. */
    static final Map<String, String> DOCUMENTED = new LinkedHashMap<>();

    static {
        DOCUMENTED.put("GET /api/v1//ip: status MIG 301, Gator 200",
                "Gator routes //ip as /ip directly; MIG's router redirects (the loader follows either way)");
        DOCUMENTED.put("POST /api/v1/manifest/new/: items only in Gator",
                "Gator answers the new manifest (its ID) in the 201; MIG's 201 has no item");
        DOCUMENTED.put("POST /api/v1/manifest/sign/ \\(captured signature\\): (status MIG 200, Gator 400|error\\.)",
                "the captured signatures are over MIG's truncated hashes; Gator hashes whole files and verifies "
                        + "each signature with the signer's key, so it refuses them (the replay then signs Gator's string)");
        DOCUMENTED.put("^loader-1[68]-[a-z-]+ POST /api/v1/manifest/agent/: .*signatures: MIG 1, Gator 2",
                "manifest 3 was activated with 1 signature while the setting was 1; back at 2, MIG still serves it "
                        + "(the loader then refuses it), Gator skips it and serves manifest 2, signed twice");
        DOCUMENTED.put("^loader-17-disable-v3 POST /api/v1/manifest/status/: status MIG 401, Gator 200",
                "MIG's permission check lacks manifest_status, so disable/reset always answer 401 with "
                        + "authentication on (finding L3); Gator grants it to investigators holding manifest_status");
        DOCUMENTED.put("^loader-17-disable-v3 POST /api/v1/manifest/status/: error\\.(code|message) only in MIG",
                "same: MIG's 401 carries an error, Gator's 200 none");
        DOCUMENTED.put("^loader-17b-disable-v3-authoff GET /api/v1/manifest: .*status: MIG \"active\", Gator \"disabled\"",
                "same: in Gator phase 17 already disabled manifest 3");
        DOCUMENTED.put("POST /api/v1/manifest/(agent|fetch)/: items\\[0\\]\\.data\\[0\\]\\.value\\.(entries|data).*"
                        + "sha256 of whole files",
                "Gator hashes and serves whole files; MIG drops each file's last 4 KiB block (finding L1)");
    }

    @Test
    void everyCapturedLoaderRequestGetsMigsAnswerModuloDocumentedDifferences() throws Exception {
        Path http = Fixtures.path("mig-wire/loader-runner/http");
        Map<String, Keyring> capturedKeys = investigatorKeys(http.resolve("setup-investigators.txt"));
        Map<String, KeyGen.GeneratedKey> testKeys = Map.of("ivan", KeyGen.rsa("ivan <ivan@example.net>", 2048),
                "mallory", LoaderTestKit.SECOND);
        List<String> observed = new ArrayList<>();
        int compared = 0;
        try (TestDatabase tdb = TestDatabase.create(); Database db = Database.open(tdb.settings())) {
            SchemaInit.apply(db.dataSource(), Dialect.POSTGRES);
            LoaderStore store = new LoaderStore(db);
            Replay r = new Replay(db, testKeys);
            // in capture order: phase 18's first run came before phases 17 and 17b
            List<CapturedExchange> all = new ArrayList<>();
            for (Path file : Fixtures.list("mig-wire/loader-runner/http", ".txt")) {
                if (file.getFileName().toString().startsWith("loader-")) {
                    all.addAll(CapturedExchange.read(file));
                }
            }
            all.sort(java.util.Comparator.comparing(CapturedExchange::at));
            {
                for (CapturedExchange x : all) {
                    // the capture ran phase 15 with the API requiring one signature
                    r.requireSignatures(x.phase().startsWith("loader-15") ? 1 : 2);
                    if (!compares(x)) {
                        continue;
                    }
                    String who = x.header("x-pgpauthorization") == null ? null
                            : signerOf(x.header("x-pgpauthorization"), capturedKeys);
                    String body = x.body();
                    if (x.path().endsWith("/manifest/sign/")) {
                        ApiHarness.Answer captured = r.send(x, who, body);
                        diff(observed, x, " (captured signature)", x.status(), x.responseBody(), captured);
                        Map<String, String> form = form(body);
                        long id = Long.parseLong(form.get("manifestid"));
                        String signed = ManifestArchive.read(Base64.getMimeDecoder().decode(
                                store.manifest(id).orElseThrow().content())).manifest().signedString();
                        body = "manifestid=" + id + "&signature=" + java.net.URLEncoder.encode(
                                LoaderTestKit.sign(testKeys.get(who), signed), StandardCharsets.UTF_8);
                    }
                    ApiHarness.Answer gator = r.send(x, who, body);
                    if (x.path().endsWith("/loader/new/")) {
                        r.learnKey(MigJson.tree(x.responseBody()), gator.json());
                    }
                    checkWholeFiles(x, gator, store);
                    diff(observed, x, "", x.status(), x.responseBody(), gator);
                    compared++;
                }
            }
            r.close();
        }
        observed.forEach(d -> System.out.println("replay difference: " + d));
        System.out.println("replay: " + compared + " captured exchanges compared, " + observed.size()
                + " differences");
        List<String> undocumented = observed.stream().filter(d -> DOCUMENTED.keySet().stream()
                .noneMatch(p -> Pattern.compile(p).matcher(d).find())).toList();
        assertEquals(List.of(), undocumented, "differences from MIG not documented");
        Set<String> unused = new TreeSet<>();
        for (String p : DOCUMENTED.keySet()) {
            if (observed.stream().noneMatch(d -> Pattern.compile(p).matcher(d).find())) {
                unused.add(p);
            }
        }
        assertEquals(Set.of(), unused, "documented differences that no longer occur");
        assertTrue(compared > 60, "the capture holds about 70 loader and manifest exchanges, compared " + compared);
    }

    /** Loader, manifest and /ip exchanges; the console's dashboard calls are not part of this. */
    private static boolean compares(CapturedExchange x) {
        String p = x.path();
        return p.contains("/loader") || p.contains("/manifest") || p.endsWith("/ip");
    }

    /** Gator's manifest entries and fetched files are whole files of the archives it stores. */
    private static void checkWholeFiles(CapturedExchange x, ApiHarness.Answer gator, LoaderStore store) {
        if (gator.status() != 200 || !x.path().contains("/manifest/")) {
            return;
        }
        List<ManifestArchive.File> files = new ArrayList<>();
        for (long id = 1; store.manifest(id).isPresent(); id++) {
            files.addAll(ManifestArchive.read(Base64.getMimeDecoder().decode(store.manifest(id).orElseThrow()
                    .content())).files());
        }
        JsonNode value = gator.value(0);
        if (x.path().endsWith("/manifest/agent/")) {
            for (JsonNode e : value.path("entries")) {
                assertTrue(files.stream().anyMatch(f -> f.name().equals(e.path("name").asText())
                        && f.sha256().equals(e.path("sha256").asText())), "entry " + e + " is a whole file's hash");
            }
        }
        if (x.path().endsWith("/manifest/fetch/")) {
            byte[] file = ManifestArchive.fetchedContent(value.path("data").asText(), 1 << 24);
            String object = MigJson.tree(form(x.body()).get("parameters")).path("object").asText();
            assertTrue(files.stream().anyMatch(f -> f.name().equals(object)
                    && java.util.Arrays.equals(f.content(), file)), "fetched " + object + " is a whole file ("
                    + file.length + " bytes)");
            assertTrue(file.length > 0, "MIG served this file empty (finding L1); Gator serves it whole");
        }
    }

    // ---- comparison

    private static void diff(List<String> out, CapturedExchange x, String note, int migStatus, String migBody,
                             ApiHarness.Answer gator) {
        String prefix = x.phase() + " " + x.method() + " " + x.path() + note + ": ";
        if (migStatus != gator.status()) {
            out.add(prefix + "status MIG " + migStatus + ", Gator " + gator.status());
        }
        Optional<JsonNode> mig = json(migBody);
        Optional<JsonNode> ours = json(gator.body());
        if (mig.isEmpty() || ours.isEmpty()) {
            if (migStatus == gator.status() && !migBody.strip().equals(gator.body().strip())) {
                out.add(prefix + "body MIG '" + cut(migBody) + "', Gator '" + cut(gator.body()) + "'");
            }
            return;
        }
        Set<String> found = new LinkedHashSet<>();
        compare("", normalize(mig.get()), normalize(ours.get()), found);
        found.forEach(d -> out.add(prefix + d));
    }

    private static void compare(String path, JsonNode mig, JsonNode ours, Set<String> out) {
        if (mig.isObject() && ours.isObject()) {
            Set<String> names = new TreeSet<>();
            mig.fieldNames().forEachRemaining(names::add);
            ours.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                String p = path.isEmpty() ? n : path + "." + n;
                if (!mig.has(n)) {
                    out.add(short_(p) + " only in Gator");
                } else if (!ours.has(n)) {
                    out.add(short_(p) + " only in MIG");
                } else {
                    compare(p, mig.get(n), ours.get(n), out);
                }
            }
        } else if (mig.isArray() && ours.isArray()) {
            if (path.endsWith("signatures") && mig.size() != ours.size()) {
                out.add(short_(path) + " signatures: MIG " + mig.size() + ", Gator " + ours.size());
                return;
            }
            for (int i = 0; i < Math.max(mig.size(), ours.size()); i++) {
                String p = path + "[" + i + "]";
                if (i >= mig.size()) {
                    out.add(short_(p) + " only in Gator");
                } else if (i >= ours.size()) {
                    out.add(short_(p) + " only in MIG");
                } else {
                    compare(p, mig.get(i), ours.get(i), out);
                }
            }
        } else if (!mig.equals(ours)) {
            if (path.endsWith("sha256") || path.endsWith(".data") && path.contains("value")) {
                out.add(short_(path) + " sha256 of whole files");
            } else if (path.equals("collection.error") && ours.isEmpty() || path.equals("collection.error")) {
                out.add("error only in " + (ours.isEmpty() ? "MIG" : "Gator"));
            } else {
                out.add(short_(path) + ": MIG " + cut(mig.toString()) + ", Gator " + cut(ours.toString()));
            }
        }
    }

    private static String short_(String path) {
        return path.replaceFirst("^collection\\.", "");
    }

    /** Operation IDs, hosts, times, keys, signatures, hashes and fetched data do not compare. */
    private static JsonNode normalize(JsonNode n) {
        JsonNode c = n.deepCopy();
        walk(c);
        return c;
    }

    private static void walk(JsonNode n) {
        if (n instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode v = f.getValue();
                switch (f.getKey()) {
                    case "href" -> f.setValue(new TextNode(v.asText().replaceFirst("^https?://[^/]+", "")));
                    case "code", "lastseen", "timestamp" -> f.setValue(new TextNode("<" + f.getKey() + ">"));
                    case "prefix", "key" -> f.setValue(new TextNode(v.asText().isEmpty() ? "" : "<key>"));
                    case "signatures" -> {
                        if (v instanceof ArrayNode a) {
                            for (int i = 0; i < a.size(); i++) {
                                a.set(i, new TextNode("<signature>"));
                            }
                        }
                    }
                    default -> walk(v);
                }
            }
        } else if (n instanceof ArrayNode a) {
            a.forEach(MigLoaderReplayTest::walk);
        }
    }

    private static Optional<JsonNode> json(String s) {
        try {
            return s.isBlank() ? Optional.empty() : Optional.of(MigJson.tree(s));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String cut(String s) {
        String t = s.strip().replace("\n", " ");
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
    }

    // ---- the investigators of the capture

    /** Name -> public key, from the console's investigator/create requests of the setup phase. */
    private static Map<String, Keyring> investigatorKeys(Path setup) {
        Map<String, Keyring> out = new HashMap<>();
        for (CapturedExchange x : CapturedExchange.read(setup)) {
            if (x.path().endsWith("/investigator/create/")) {
                Map<String, String> f = multipart(x.body(), x.header("content-type"));
                out.put(f.get("name"), Keyring.ofArmored(f.get("publickey")));
            }
        }
        return out;
    }

    /** Who signed a captured X-PGPAUTHORIZATION token (1;time;nonce;signature over "1;time;nonce\n"). */
    private static String signerOf(String token, Map<String, Keyring> keys) {
        int last = token.lastIndexOf(';');
        String data = token.substring(0, last) + "\n";
        for (Map.Entry<String, Keyring> k : keys.entrySet()) {
            try {
                new PgpVerifier(k.getValue()).verify(data, token.substring(last + 1));
                return k.getKey();
            } catch (SignatureException e) {
                // another investigator's
            }
        }
        throw new AssertionError("captured token signed by no known investigator: " + token);
    }

    private static Map<String, String> multipart(String body, String contentType) {
        String boundary = "--" + contentType.substring(contentType.indexOf("boundary=") + "boundary=".length());
        Map<String, String> out = new HashMap<>();
        for (String part : body.split(Pattern.quote(boundary))) {
            int head = part.indexOf("\r\n\r\n");
            java.util.regex.Matcher m = Pattern.compile("name=\"([^\"]+)\"").matcher(part);
            if (head > 0 && m.find() && m.start() < head) {
                String v = part.substring(head + 4);
                out.put(m.group(1), v.endsWith("\r\n") ? v.substring(0, v.length() - 2) : v);
            }
        }
        return out;
    }

    static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : body.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** The API under replay, restarted on the same database when the required signature count changes. */
    private static final class Replay implements AutoCloseable {
        private final Database db;
        private final Map<String, KeyGen.GeneratedKey> keys;
        private ApiHarness api;
        private int required;
        private String migKey = "";
        private String gatorKey = "";

        Replay(Database db, Map<String, KeyGen.GeneratedKey> keys) {
            this.db = db;
            this.keys = keys;
        }

        void requireSignatures(int n) {
            if (api != null && n == required) {
                return;
            }
            if (api != null) {
                api.close();
            }
            required = n;
            api = new ApiHarness(LoaderTestKit.START, "gator.api.manifest.required-signatures = " + n, b -> b, false,
                    Optional.of(new LoaderStore(db)));
            OffsetDateTime t = OffsetDateTime.ofInstant(LoaderTestKit.START, ZoneOffset.UTC);
            long id = 21;
            for (Map.Entry<String, KeyGen.GeneratedKey> k : keys.entrySet()) {
                api.backend.put(new Investigator(id++, k.getKey(), k.getValue().fingerprint(),
                        Base64.getEncoder().encodeToString(k.getValue().armoredPublicKey()
                                .getBytes(StandardCharsets.UTF_8)), "active", t, t, Permissions.ALL));
                api.tokens.key(k.getValue().fingerprint(), k.getKey() + "-secret");
            }
        }

        void learnKey(JsonNode mig, JsonNode gator) {
            JsonNode m = mig.path("collection").path("items").path(0).path("data").path(0).path("value");
            JsonNode g = gator.path("collection").path("items").path(0).path("data").path(0).path("value");
            migKey = m.path("prefix").asText() + m.path("key").asText();
            gatorKey = g.path("prefix").asText() + g.path("key").asText();
        }

        ApiHarness.Answer send(CapturedExchange x, String investigator, String body) {
            HttpRequest.Builder b = api.request(x.target());
            if (x.header("content-type") != null) {
                b.header("Content-Type", x.header("content-type"));
            }
            if (investigator != null) {
                KeyGen.GeneratedKey k = keys.get(investigator);
                b.header("X-PGPAUTHORIZATION", FakeTokens.token(k.fingerprint(), investigator + "-secret",
                        api.clock.instant(), Long.toString(NONCES.incrementAndGet())));
            }
            String loaderKey = x.header("x-loaderkey");
            if (loaderKey != null) {
                if (loaderKey.equals(migKey)) {
                    loaderKey = gatorKey;
                } else if (!migKey.isEmpty() && loaderKey.startsWith(migKey.substring(0, 8))) {
                    loaderKey = gatorKey.substring(0, 8) + loaderKey.substring(8);
                }
                b.header("X-LOADERKEY", loaderKey);
            }
            b.method(x.method(), body.isEmpty() && x.method().equals("GET") ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            return api.send(b.build());
        }

        @Override
        public void close() {
            if (api != null) {
                api.close();
            }
        }
    }
}
