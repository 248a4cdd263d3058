package io.gator.agent.module.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.agent.module.ModuleContext;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.module.memory.MemoryModule;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MemoryRunnerTest {
    final MemoryRunner runner = new MemoryRunner();
    Process child;
    String marker;

    @BeforeEach
    void start() throws Exception {
        marker = "GATORMARK" + UUID.randomUUID().toString().replace("-", "");
        // the marker lives in the child's heap (a Python string built at run time), not only in its argv
        child = new ProcessBuilder("python3", "-c",
                "import sys,time\nx=''.join(reversed(sys.argv[1]))\nprint('ready',flush=True)\ntime.sleep(60)",
                new StringBuilder(marker).reverse().toString()).start();
        assertTrue(new String(child.getInputStream().readNBytes(5)).startsWith("ready"));
    }

    @AfterEach
    void stop() {
        child.destroyForcibly();
    }

    List<Long> pids(Result r) {
        List<Long> out = new ArrayList<>();
        r.elements().path("s1").forEach(m -> out.add(m.path("process").path("pid").asLong()));
        return out;
    }

    Result run(String search) {
        JsonNode p = MigJson.tree("{\"searches\":{\"s1\":" + search + "}}");
        return runner.run(MemoryModule.INSTANCE.parse(p), ModuleContext.defaults());
    }

    @Test
    void findsTheChildByNameAndContentAndNeverReturnsMemory() {
        Result r = run("{\"names\":[\"python\"],\"contents\":[\"" + marker + "\"],\"options\":{\"matchall\":true}}");
        assertTrue(r.foundAnything(), r.statistics().toString());
        assertEquals(List.of(child.pid()), pids(r));
        assertTrue(r.elements().path("s1").get(0).path("process").path("name").asText().contains("python"));
        assertFalse(r.elements().toString().replace(marker, "").contains("GATORMARK"));
        assertTrue(r.statistics().path("memoryread").asLong() > 0);
    }

    @Test
    void findsByteStringsAndHonoursMaxLength() {
        String hex = HexFormat.of().formatHex(marker.getBytes());
        Result r = run("{\"names\":[\"python\"],\"bytes\":[\"" + hex + "\"],\"options\":{\"matchall\":true}}");
        assertEquals(List.of(child.pid()), pids(r));
        Result tiny = run("{\"names\":[\"python\"],\"bytes\":[\"" + hex + "\"],\"options\":{\"matchall\":true,\"maxlength\":16}}");
        assertFalse(tiny.foundAnything());
        assertEquals(List.of(0L), pids(tiny));
    }

    @Test
    void aContentAbsentEverywhereMatchesNothing() {
        Result r = run("{\"names\":[\"python\"],\"contents\":[\"NOT_THERE_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase() + "Q\"],\"options\":{\"matchall\":true}}");
        assertFalse(r.foundAnything());
        assertEquals("", r.elements().path("s1").get(0).path("process").path("name").asText());
    }

    @Test
    void aCancelledScanStopsPromptly() {
        ModuleContext ctx = ModuleContext.defaults();
        ctx.cancel();
        long t0 = System.nanoTime();
        org.junit.jupiter.api.Assertions.assertThrows(io.gator.agent.module.ModuleCancelledException.class,
                () -> runner.run(MemoryModule.INSTANCE.parse(MigJson.tree("{\"searches\":{\"s1\":{\"contents\":[\"x\"]}}}")), ctx));
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L);
    }
}
