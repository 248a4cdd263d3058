package io.gator.agent.module.yara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.agent.module.ModuleCancelledException;
import io.gator.agent.module.ModuleContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scans in the files' order on any number of threads, stopping between files when the operation is cancelled. */
class ParallelScansTest {
    @TempDir
    Path dir;

    /** {@code n} file names; asking for the one at {@code cancelAt} cancels the context, as a timeout would. */
    private static List<String> files(Path file, int n, int cancelAt, ModuleContext ctx, AtomicInteger asked) {
        return new AbstractList<>() {
            @Override
            public String get(int i) {
                asked.incrementAndGet();
                if (i == cancelAt) {
                    ctx.cancel();
                }
                return i % 2 == 0 ? file.toString() : file + ".missing";
            }

            @Override
            public int size() {
                return n;
            }
        };
    }

    @Test
    void outcomesComeInTheFilesOrderAndACancelledRunStopsBetweenFiles() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "needle");
        Libyara yara = Libyara.load("yara");
        try (CompiledRules rules = CompiledRules.compile(yara, "rule N { strings: $a = \"needle\" condition: $a }")) {
            for (int threads : new int[] {1, 3}) {
                ModuleContext ctx = ModuleContext.defaults();
                List<Scanned> all = new ParallelScans(rules, threads, 10, ctx).scan(files(file, 40, -1, ctx, new AtomicInteger()));
                assertEquals(40, all.size());
                for (int i = 0; i < 40; i++) {
                    assertEquals(i % 2 == 0 ? new Scanned(List.of("N"), "") : new Scanned(List.of(), "could not open file"),
                            all.get(i), "file " + i + " on " + threads + " threads");
                }
                ModuleContext cancelled = ModuleContext.defaults();
                AtomicInteger asked = new AtomicInteger();
                assertThrows(ModuleCancelledException.class,
                        () -> new ParallelScans(rules, threads, 10, cancelled).scan(files(file, 10_000, 5, cancelled, asked)));
                assertTrue(asked.get() <= 6 + threads, asked + " files scanned on " + threads + " threads");
            }
        }
    }

    @Test
    void aRuleThatDoesNotCompileIsRefusedInLibyarasWords() throws IOException {
        RulesRefusedException e = assertThrows(RulesRefusedException.class,
                () -> CompiledRules.compile(Libyara.load("yara"), "rule X { condition: $b }").close());
        assertEquals("undefined string \"$b\"", e.getMessage());
        assertEquals("syntax error", assertThrows(RulesRefusedException.class,
                () -> CompiledRules.compile(Libyara.load("yara"), "rule X").close()).getMessage());
    }
}
