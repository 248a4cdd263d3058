package io.gator.platform.e2e;

import static io.gator.platform.e2e.EndToEndTest.mig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.json.MigJson;
import io.gator.core.sign.KeyGen;
import io.gator.platform.e2e.EndToEndTest.Run;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Co-signing on the real services: agents whose ACL needs weight 2 (alice 1, bob 1). The API's mirror holds
 * alice's file search until bob co-signs with {@code mig cosign sign}; the agents then run it. A timedrift the
 * mirror (deliberately laxer than the agents) lets through with alice's signature alone is refused by every agent.
 */
class CosignEndToEndTest {
    private static final int AGENTS = 3;

    @Test
    void agentsRunTheCoSignedActionAndRefuseTheSingleSignedOne(@TempDir Path dir) throws Exception {
        KeyGen.GeneratedKey alice = KeyGen.ed25519("alice <alice@example.net>");
        KeyGen.GeneratedKey bob = KeyGen.ed25519("bob <bob@example.net>");
        String mirror = TestPlatform.fileNeedsAllTimedriftOne(alice, bob);
        Path etc = TestPlatform.etcWithPasswd(dir);
        try (TestPlatform platform = TestPlatform.start(dir,
                TestPlatform.Setup.of("cosign", AGENTS, alice).with(bob).cosigned(2, mirror))) {
            Path aliceRc = platform.migrc("alice");
            Path bobRc = platform.migrc("bob");
            Run held = mig(List.of("file", "-c", aliceRc.toString(), "-yes", "-t", "all", "-path", etc.toString(),
                    "-name", "^passwd$"));
            assertEquals(0, held.code(), held.err());
            Matcher m = Pattern.compile("action (\\d+) awaits co-signatures").matcher(held.err());
            assertTrue(m.find(), held.err());
            String id = m.group(1);

            Run list = mig(List.of("cosign", "list", "-c", bobRc.toString()));
            assertEquals(0, list.code(), list.err());
            assertTrue(list.out().startsWith(id + " awaiting signatures") && list.out().contains("file 1/2"),
                    list.out());
            Run signed = mig(List.of("cosign", "sign", id, "-c", bobRc.toString()));
            assertEquals(0, signed.code(), signed.err());
            assertTrue(signed.out().startsWith(id + " launched") && signed.out().contains("file 2/2"),
                    signed.out());

            JsonNode done = waitCompleted(aliceRc, id);
            assertEquals(AGENTS, done.at("/counters/success").asInt(), done.toString());
            assertEquals(2, done.path("pgpsignatures").size(), done.toString());
            Run results = mig(List.of("action", "results", id, "-c", aliceRc.toString()));
            assertEquals(AGENTS, results.out().lines().filter(l -> l.contains("/etc/passwd [")).count(),
                    results.out() + results.err());

            Run single = mig(List.of("timedrift", "-c", aliceRc.toString(), "-yes", "-json", "-show", "all", "-t",
                    "all"));
            JsonNode doc = MigJson.tree(single.out());
            assertEquals(0, doc.at("/action/counters/success").asInt(), single.out());
            assertEquals(AGENTS, doc.at("/action/counters/failed").asInt(), single.out());
            assertEquals(AGENTS, doc.get("commands").size(), single.out());
            assertTrue(single.out().contains("insufficient signatures weight (need 2, got 1)"), single.out());
        }
    }

    static JsonNode waitCompleted(Path migrc, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            Run r = mig(List.of("action", "show", id, "-json", "-c", migrc.toString()));
            if (r.code() == 0) {
                last = MigJson.tree(r.out());
                if (last.path("status").asText().equals("completed")) {
                    return last;
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError("action " + id + " never completed: " + last);
    }
}
