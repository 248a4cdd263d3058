package io.gator.platform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.json.MigJson;
import io.gator.core.sign.KeyGen;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Standing orders in a real browser against one scheduler+API node on PostgreSQL and RabbitMQ with simulated agents
 * running MIG's file module: alice, signed in with her key, launches a file search with Repeat (every 10 s for 20 s):
 * the browser builds and signs both runs and posts the series; the order's page shows its two runs, which launch as
 * their windows open, each linking to its action whose agents all answered. A second order, all its runs ahead, is
 * found in the list and cancelled from its page after a confirmation; the CLI sees it cancelled. The second order
 * is a week of hourly runs (168 signed in the browser).
 */
@Tag("browser")
class WebScheduleBrowserTest {
    private static final int AGENTS = 3;

    @Test
    void aSeriesSignedInTheBrowserRunsOnTheAgentsAndAnOrderIsCancelledFromItsPage(@TempDir Path dir) throws Exception {
        Chromium.assumePresent();
        KeyGen.GeneratedKey alice = KeyGen.rsa("alice <alice@example.net>", 2048);
        Path etc = TestPlatform.etcWithPasswd(dir);
        try (TestPlatform platform = TestPlatform.start(dir, TestPlatform.Setup.of("webschedule", AGENTS, alice))) {
            String root = platform.root();
            Path rc = platform.migrc("alice");
            WebDriver browser = null;
            try {
                browser = Chromium.start(dir.resolve("profile"), dir.resolve("downloads"));
                WebDriverWait wait = Chromium.waiting(browser);
                Chromium.signInWithKey(browser, wait, root + "/launch", platform.secretKey("alice"));
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("flag-path"))).sendKeys(etc.toString());
                browser.findElement(By.id("flag-name")).sendKeys("^passwd$");
                browser.findElement(By.id("launch-name")).sendKeys("passwd every 10s");
                browser.findElement(By.id("launch-repeat")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("launch-every"))).sendKeys("10s");
                browser.findElement(By.id("launch-for")).sendKeys("20s");
                browser.findElement(By.id("launch-run-open")).sendKeys("7s");
                browser.findElement(By.id("launch-preview-button")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("launch-series"),
                        "2 runs, each its own signed action"));
                wait.until(ExpectedConditions.textToBe(By.id("launch-count"), AGENTS + " agents match"));

                Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                long clicked = System.nanoTime();
                browser.findElement(By.id("launch-sign")).click();
                wait.until(d -> URI.create(d.getCurrentUrl()).getPath().startsWith("/schedules/")
                        || !d.findElement(By.id("launch-error")).getText().isEmpty());
                final WebDriver b = browser;
                assertTrue(URI.create(browser.getCurrentUrl()).getPath().startsWith("/schedules/"),
                        () -> "refused: " + b.findElement(By.id("launch-error")).getText());
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("schedule-runs-table")));
                long postedMillis = Duration.ofNanos(System.nanoTime() - clicked).toMillis();
                String orderId = URI.create(browser.getCurrentUrl()).getPath().substring("/schedules/".length());
                assertEquals(2, browser.findElements(By.cssSelector("#schedule-runs-table tbody tr")).size());

                // the API holds the series the browser built: the CLI's windows for -every 10s -e 7s (skew 2.5 s)
                JsonNode order = show(rc, orderId);
                assertEquals("passwd every 10s", order.path("name").asText(), order.toString());
                JsonNode runs = order.path("runs");
                assertEquals(2, runs.size(), order.toString());
                Instant first = Instant.parse(runs.get(0).path("validfrom").asText());
                assertTrue(!first.isBefore(before.minusMillis(2500)) && first.isBefore(before.plusSeconds(2)),
                        first + " vs clicked at " + before);
                assertEquals(first.plusSeconds(10), Instant.parse(runs.get(1).path("validfrom").asText()));
                for (JsonNode r : runs) {
                    assertEquals(Duration.ofMillis(9500), Duration.between(Instant.parse(r.path("validfrom").asText()),
                            Instant.parse(r.path("expireafter").asText())), order.toString());
                }

                // the page follows the runs as their windows open (its own refresh, no reload)
                new WebDriverWait(browser, Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(200))
                        .until(ExpectedConditions.textToBe(By.id("schedule-done"), "2/2"));
                assertEquals("completed", waitStatus(rc, orderId, "completed"));
                List<WebElement> links = browser.findElements(By.cssSelector("#schedule-runs-table a.run-action"));
                assertEquals(2, links.size());
                assertTrue(browser.findElement(By.id("schedule-modules")).getText().startsWith("file"),
                        browser.findElement(By.id("schedule-modules")).getText());
                String secondAction = links.get(1).getText();
                Chromium.screenshot(browser, "schedule");
                links.get(1).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("results-summary"),
                        AGENTS + " agents answered: " + AGENTS + " found"));
                assertEquals("/actions/" + secondAction, URI.create(browser.getCurrentUrl()).getPath());

                // a second order, all its runs ahead: launched from the form again (the key is still loaded)
                browser.findElement(By.id("nav-launch")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("flag-path"))).sendKeys(etc.toString());
                browser.findElement(By.id("flag-name")).sendKeys("^passwd$");
                browser.findElement(By.id("launch-repeat")).click();
                browser.findElement(By.id("launch-every")).sendKeys("1h");
                browser.findElement(By.id("launch-for")).sendKeys("7d");
                browser.findElement(By.id("launch-start")).sendKeys(Instant.now().plus(Duration.ofHours(1))
                        .truncatedTo(ChronoUnit.SECONDS).toString());
                browser.findElement(By.id("launch-preview-button")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("launch-series"),
                        "168 runs, each its own signed action"));
                ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                        "arguments[0].scrollIntoView()", browser.findElement(By.id("launch-name")));
                Chromium.screenshot(browser, "launch-repeat");
                long weekClicked = System.nanoTime();
                browser.findElement(By.id("launch-sign")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("schedule-runs-table")));
                long weekMillis = Duration.ofNanos(System.nanoTime() - weekClicked).toMillis();
                String laterId = URI.create(browser.getCurrentUrl()).getPath().substring("/schedules/".length());
                JsonNode week = show(rc, laterId);
                assertEquals("file -path " + etc + " -name ^passwd$", week.path("name").asText());
                assertEquals(168, week.path("runs").size(), "every hour for 7 days");
                assertEquals(168, browser.findElements(By.cssSelector("#schedule-runs-table tbody tr")).size());

                // the list: both orders, the later one with its next run
                long listStart = System.nanoTime();
                browser.findElement(By.id("nav-schedules")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("schedules-table")));
                long listMillis = Duration.ofNanos(System.nanoTime() - listStart).toMillis();
                long reloadStart = System.nanoTime();
                browser.navigate().refresh();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("schedules-table")));
                long reloadMillis = Duration.ofNanos(System.nanoTime() - reloadStart).toMillis();
                // the first order's name is not a module line: its module comes from a launched run's action
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("schedules-table"),
                        "passwd every 10s file"));
                String table = browser.findElement(By.id("schedules-table")).getText();
                assertTrue(table.lines().anyMatch(l -> l.startsWith(orderId + " passwd every 10s file 10s 2/2")
                        && l.endsWith("completed alice")), table);
                assertTrue(table.lines().anyMatch(l -> l.startsWith(laterId + " file -path") && l.contains(" 1h 0/168 ")
                        && l.endsWith("active alice")), table);
                Chromium.screenshot(browser, "schedules");

                browser.findElement(By.xpath("//table[@id='schedules-table']//a[text()='" + laterId + "']")).click();
                wait.until(ExpectedConditions.elementToBeClickable(By.id("schedule-cancel"))).click();
                browser.findElement(By.id("schedule-cancel-confirm")).click();
                wait.until(ExpectedConditions.textToBe(By.id("schedule-status"), "cancelled"));
                JsonNode cancelled = show(rc, laterId);
                assertEquals("cancelled", cancelled.path("status").asText(), cancelled.toString());
                cancelled.path("runs").forEach(r -> assertEquals("waiting", r.path("status").asText()));
                assertTrue(browser.findElements(By.id("schedule-cancel")).isEmpty(), "a cancelled order offers no cancel");

                System.out.printf("web console (platform, %d agents): a series built, signed (RSA 2048) and posted in"
                        + " the browser, click to the order's page rendered: 2 runs in %d ms, 168 runs (every 1h for 7d) in"
                        + " %d ms; standing orders list opened in %d ms, reloaded in %d ms%n", AGENTS, postedMillis,
                        weekMillis, listMillis, reloadMillis);
            } finally {
                if (browser != null) {
                    browser.quit();
                }
            }
        }
    }

    private static JsonNode show(Path rc, String id) {
        EndToEndTest.Run r = EndToEndTest.mig(List.of("schedule", "show", id, "-json", "-c", rc.toString()));
        assertEquals(0, r.code(), r.err());
        return MigJson.tree(r.out());
    }

    /** The order's status once it is {@code status} (bounded: the last run's window closes 9.5 s after it opens). */
    private static String waitStatus(Path rc, String id, String status) throws InterruptedException {
        String last = "";
        for (int i = 0; i < 150; i++) {
            last = show(rc, id).path("status").asText();
            if (last.equals(status)) {
                return last;
            }
            Thread.sleep(200);
        }
        return last;
    }
}
