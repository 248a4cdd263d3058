package io.gator.platform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gator.agent.fleet.FleetLauncher;
import io.gator.platform.role.Standalone;
import io.gator.relay.Relay;
import io.gator.relay.amqp.AmqpRelay;
import io.gator.relay.amqp.AmqpSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser against the standalone platform ({@code bin/gator standalone}: embedded broker,
 * scheduler and API on H2, one agent on this host) with simulated agents attached, one of them named with HTML:
 * sign in with the investigator's key loaded from its file, the dashboard, a file search signed in the browser whose
 * results arrive live on its page, its CSV export against the CLI's, the HTML host name shown as text.
 */
@Tag("browser")
class StandaloneBrowserTest {
    /** Simulated agents besides the standalone platform's own; one more is named with HTML. */
    private static final int SIMULATED = 5;
    private static final int AGENTS = 1 + SIMULATED + 1;
    private static final String HTML_NAME = "<img src=x onerror=alert(1)>";

    @Test
    void aSearchSignedInTheBrowserShowsItsResultsLiveAndExportsLikeTheCli(@TempDir Path dir) throws Exception {
        Chromium.assumePresent();
        Path data = dir.resolve("data");
        int api = freePort();
        Config config = ConfigFactory.load(ConfigFactory.parseString("""
                gator.platform.broker.data-dir = "%s"
                gator.persistence.h2-url = "jdbc:h2:file:%s;DB_CLOSE_DELAY=-1"
                gator.api { port = %d, public-url = "http://127.0.0.1:%d" }
                gator.agent { run-dir = "%s", keyring-dir = "%s", acl-file = "%s" }
                gator.cluster.management.enabled = off
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                """.formatted(data.resolve("broker"), data.resolve("gator"), api, api, data.resolve("agent"),
                        data.resolve("agentkeys"), data.resolve("acl.json")))
                .withFallback(ConfigFactory.parseFile(Path.of(System.getProperty("basedir", "."))
                        .resolve("../config/standalone.conf").normalize().toFile())));
        Path downloads = Files.createDirectories(dir.resolve("downloads"));
        List<FleetLauncher.Running> fleets = new ArrayList<>();
        WebDriver browser = null;
        try (Standalone platform = Standalone.start(config, data, new PrintWriter(new StringWriter()))) {
            // each simulated run takes a while, so that the action page is open before most results come
            fleets.add(fleet(platform, "sim", "sbsim", SIMULATED));
            fleets.add(fleet(platform, HTML_NAME, "sbhtml", 1));
            EndToEndTest.waitForAgents(platform.migrc(), AGENTS);
            String root = "http://127.0.0.1:" + api;
            Path key = data.resolve("investigator/secret.asc");

            // 1-2. sign in with the key loaded from its file; the dashboard renders
            browser = Chromium.start(dir.resolve("profile"), downloads);
            WebDriverWait wait = Chromium.waiting(browser);
            browser.get(root + "/");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("key-file"))).sendKeys(key.toString());
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("key-status"), "Key loaded"));
            long signIn = System.nanoTime();
            browser.findElement(By.id("signin-key")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("charts")));
            long dashboardMs = millisSince(signIn);
            assertEquals(String.valueOf(AGENTS), browser.findElement(By.cssSelector("#count-online .value")).getText());

            // 3. the launch form: a file search on every agent, signed in the browser
            browser.findElement(By.id("nav-launch")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("flag-path"))).sendKeys("/etc");
            browser.findElement(By.id("flag-name")).sendKeys("^passwd$");
            wait.until(ExpectedConditions.textToBe(By.id("launch-count"), AGENTS + " agents match"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("key-status"), "Key loaded"));
            long launch = System.nanoTime();
            browser.findElement(By.id("launch-sign")).click();
            wait.until(d -> URI.create(d.getCurrentUrl()).getPath().startsWith("/actions/")
                    || !d.findElement(By.id("launch-error")).getText().isEmpty());
            String path = URI.create(browser.getCurrentUrl()).getPath();
            assertTrue(path.startsWith("/actions/"), browser.findElement(By.tagName("body")).getText());
            String id = path.substring("/actions/".length());
            String landed = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("action-counters"))).getText();
            long landedMs = millisSince(launch);
            // a page reload would drop this mark: the results must come without one
            ((JavascriptExecutor) browser).executeScript("window.gatorStillThisPage = true;");

            Set<String> seen = new LinkedHashSet<>(List.of(landed));
            long firstResultMs = -1;
            long doneMs = -1;
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (doneMs < 0 && System.nanoTime() < deadline) {
                String counters = browser.findElement(By.id("action-counters")).getText();
                seen.add(counters);
                if (firstResultMs < 0 && !browser.findElements(By.cssSelector("#results-table tbody tr")).isEmpty()) {
                    firstResultMs = millisSince(launch);
                }
                if (counters.matches("(^|.*, )done " + AGENTS + "(,.*|$)")) {
                    doneMs = millisSince(launch);
                }
                Thread.sleep(10);
            }
            assertTrue(doneMs >= 0, "the done count never reached " + AGENTS + ": " + seen);
            assertTrue(firstResultMs >= 0 && firstResultMs <= doneMs, "no result row before done: " + seen);
            assertFalse(landed.contains("done " + AGENTS), "every result was in before the page opened: " + landed);
            assertTrue(seen.size() >= 3, "the counters did not move while the page was open: " + seen);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("results-summary"),
                    AGENTS + " agents answered: " + AGENTS + " found, 0 not found"));
            wait.until(ExpectedConditions.textToBe(By.id("action-status"), "completed"));
            assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.gatorStillThisPage;"),
                    "the action page was reloaded");
            assertTrue(browser.findElements(By.cssSelector("#results-table tbody tr")).size() >= AGENTS);

            // the finished action's page, loaded anew
            long reload = System.nanoTime();
            browser.navigate().refresh();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("results-summary"),
                    AGENTS + " agents answered"));
            long actionPageMs = millisSince(reload);

            // 5. the browser's CSV equals the CLI's, byte for byte
            browser.findElement(By.id("export-csv")).click();
            Path csv = downloads.resolve("action-" + id + "-results.csv");
            wait.until(d -> Files.exists(csv) && !Files.exists(downloads.resolve(csv.getFileName() + ".crdownload")));
            EndToEndTest.Run cli = EndToEndTest.mig(List.of("action", "results", id, "-show", "all", "-render", "csv",
                    "-c", platform.migrc().toString()));
            assertEquals(0, cli.code(), cli.err());
            assertEquals(cli.out(), Files.readString(csv));
            assertEquals(AGENTS + 1, cli.out().split("\n").length, cli.out());

            // 4. the agent named with HTML shows as text on the agents page
            browser.findElement(By.id("nav-agents")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("agents-table"), HTML_NAME + "-0"));
            assertTrue(browser.findElements(By.cssSelector("#agents-table img")).isEmpty(),
                    "the agent's name was parsed as HTML");
            assertEquals(AGENTS, browser.findElements(By.cssSelector("#agents-table tbody tr")).size());

            System.out.printf("web console (standalone, %d agents): sign-in to dashboard rendered %d ms; launch click"
                    + " to action page %d ms, to first result rendered %d ms, to done %d ms; finished action's page"
                    + " reloaded %d ms; counters seen %s%n", AGENTS, dashboardMs, landedMs, firstResultMs, doneMs,
                    actionPageMs, seen);
        } finally {
            if (browser != null) {
                browser.quit();
            }
            fleets.forEach(FleetLauncher.Running::stop);
        }
    }

    /** Simulated agents named {@code <name>-<n>} on the standalone platform's embedded broker. */
    private static FleetLauncher.Running fleet(Standalone platform, String name, String queuePrefix, int agents) {
        Config config = ConfigFactory.parseMap(java.util.Map.of("gator.fleet.agents", agents,
                        "gator.fleet.name-prefix", name, "gator.fleet.queue-prefix", queuePrefix,
                        "gator.fleet.module-threads", 2, "gator.fleet.module-latency", "1500ms"))
                .withFallback(platform.config());
        List<Relay> relays = List.of(AmqpRelay.start(AmqpSettings.fromRoot(config)
                .withConnectionName("standalone-browser-" + queuePrefix)));
        return FleetLauncher.start(config, Clock.systemUTC(), relays, agents);
    }

    private static long millisSince(long start) {
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
