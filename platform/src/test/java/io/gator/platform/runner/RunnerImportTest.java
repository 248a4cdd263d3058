package io.gator.platform.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.testing.Fixtures;
import io.gator.platform.GatorMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** MIG runner jobs become mig schedule commands; what cannot be translated is named. */
class RunnerImportTest {
    static final Path DIR = Fixtures.path("mig-wire/loader-runner/runner/input-runner-dir");
    static final Instant NOW = Instant.parse("2026-12-02T09:36:47.5Z");

    @Test
    void theCapturedRunnerDirectoryBecomesOneCommandAndTwoNamedFailures() throws Exception {
        List<RunnerImport.Job> jobs = RunnerImport.read(DIR, NOW, Duration.ofDays(30));
        assertEquals(List.of("badaction", "badjson", "dump"), jobs.stream().map(RunnerImport.Job::name).toList());
        RunnerImport.Job dump = jobs.get(2);
        assertTrue(dump.translated(), dump.problem());
        assertEquals("mig schedule -i " + DIR.resolve("runners/dump/action.json").toAbsolutePath()
                + " -every 1m -start 2026-12-02T09:37:00Z -for 30d -e 20s -sink plugin:dumpstdin", dump.command());
        RunnerImport.Job badjson = jobs.get(1);
        assertFalse(badjson.translated());
        assertTrue(badjson.problem().startsWith("action.json is not JSON"), badjson.problem());
        RunnerImport.Job badaction = jobs.get(0);
        assertTrue(badaction.translated(), "MIG scheduled it too: the API refuses it at each run");
        assertTrue(badaction.notes().get(0).contains("empty target"), badaction.notes().toString());
    }

    @Test
    void cronSchedulesWithAFixedPeriodTranslateAndOthersAreNamed() {
        record Case(String cron, String every, String start) {}
        for (Case c : List.of(new Case("* * * * *", "PT1M", "2026-12-02T09:37:00Z"),
                new Case("*/15 * * * *", "PT15M", "2026-12-02T09:45:00Z"),
                new Case("5 * * * *", "PT1H", "2026-12-02T10:05:00Z"),
                new Case("30 2 * * *", "PT24H", "2026-12-03T02:30:00Z"),
                new Case("0 */6 * * *", "PT6H", "2026-12-02T12:00:00Z"),
                new Case("0 8 * * 1", "PT168H", "2026-12-07T08:00:00Z"),
                new Case("@hourly", "PT1H", "2026-12-02T10:00:00Z"),
                new Case("0 0 0 * * * *", "PT24H", "2026-12-03T00:00:00Z"))) {
            RunnerCron.Translation t = RunnerCron.translate(c.cron(), NOW);
            assertTrue(t.period().isPresent(), c.cron() + ": " + t.problem());
            assertEquals(Duration.parse(c.every()), t.period().get().every(), c.cron());
            assertEquals(Instant.parse(c.start()), t.period().get().start(), c.cron());
        }
        for (String bad : List.of("@monthly", "0 0 1 * *", "0 9-17 * * *", "0,30 * * * *", "*/7 * * * *",
                "0 8 * * 1-5", "0 0 * * * 2027", "nonsense")) {
            RunnerCron.Translation t = RunnerCron.translate(bad, NOW);
            assertTrue(t.period().isEmpty(), bad);
            assertFalse(t.problem().isEmpty(), bad);
        }
    }

    @Test
    void gatorRunnerImportPrintsTheCommandsAndNamesWhatItCouldNotTranslate() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = GatorMain.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        assertEquals(0, cl.execute("runner", "import", DIR.toString()));
        assertTrue(out.toString().contains("# runner job badjson: NOT TRANSLATED: action.json is not JSON"), out.toString());
        assertTrue(out.toString().lines().anyMatch(l -> l.startsWith("mig schedule -i ") && l.contains("-every 1m")),
                out.toString());
        assertTrue(err.toString().contains("1 job(s) not translated"), err.toString());
        assertEquals(GatorMain.USAGE_ERROR, GatorMain.commandLine().execute("runner", "export"));
    }
}
