package io.gator.platform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.json.MigJson;
import io.gator.core.sign.KeyGen;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's actions pages in a real browser against one scheduler+API node on PostgreSQL and RabbitMQ with
 * simulated agents running MIG's file module: an investigator signs in with an API key; a file search launched by
 * the CLI (signed with the investigator's key) shows its results; the CSV exported by the browser equals
 * {@code mig action results -render csv} byte for byte; grouping, the journal; a running action (its agents gone)
 * is followed live and cancelled from its page.
 */
@Tag("browser")
class WebActionsBrowserTest {
    private static final int AGENTS = 8;

    @Test
    void searchResultsExportLikeTheCliAndARunningActionIsCancelled(@TempDir Path dir) throws Exception {
        Chromium.assumePresent();
        KeyGen.GeneratedKey alice = KeyGen.rsa("alice <alice@example.net>", 2048);
        Path etc = TestPlatform.etcWithPasswd(dir);
        Path downloads = Files.createDirectories(dir.resolve("downloads"));
        try (TestPlatform platform = TestPlatform.start(dir, TestPlatform.Setup.of("webactions", AGENTS, alice))) {
            long aliceId = platform.id("alice");
            int port = platform.port();
            String root = platform.root();
            Path migrc = platform.migrc("alice");
            WebDriver browser = null;
            try {
                EndToEndTest.Run keyed = EndToEndTest.mig(List.of("investigator", "apikey", String.valueOf(aliceId),
                        "-json", "-c", migrc.toString()));
                assertEquals(0, keyed.code(), keyed.err());
                String apiKey = apiKey(MigJson.tree(keyed.out()));

                EndToEndTest.Run search = EndToEndTest.mig(List.of("file", "-c", migrc.toString(), "-yes", "-json",
                        "-t", "all", "-path", etc.toString(), "-name", "^passwd$"));
                assertEquals(0, search.code(), search.err());
                long id = MigJson.tree(search.out()).at("/action/id").asLong();

                browser = Chromium.start(dir.resolve("profile"), downloads);
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                wait.pollingEvery(Duration.ofMillis(10));
                browser.get(root + "/actions");
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key"))).sendKeys(apiKey);
                browser.findElement(By.id("signin-submit")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#actions-table a.action-link")));
                assertEquals(String.valueOf(id), browser.findElement(By.cssSelector("#actions-table a.action-link")).getText());

                long opened = System.nanoTime();
                browser.findElement(By.cssSelector("#actions-table a.action-link")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("results-table")));
                long firstRows = Duration.ofNanos(System.nanoTime() - opened).toMillis();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("results-summary"),
                        AGENTS + " agents answered: " + AGENTS + " found, 0 not found"));
                assertEquals("completed", browser.findElement(By.id("action-status")).getText());

                // the browser's CSV (every page re-read from the API) equals the CLI's, byte for byte
                browser.findElement(By.id("export-csv")).click();
                Path csv = downloads.resolve("action-" + id + "-results.csv");
                wait.until(d -> Files.exists(csv) && !Files.exists(downloads.resolve(csv.getFileName() + ".crdownload")));
                EndToEndTest.Run cli = EndToEndTest.mig(List.of("action", "results", String.valueOf(id), "-show", "all",
                        "-render", "csv", "-c", migrc.toString()));
                assertEquals(0, cli.code(), cli.err());
                assertEquals(cli.out(), Files.readString(csv));
                assertEquals(AGENTS + 1, cli.out().split("\n").length);

                new Select(browser.findElement(By.id("group-field"))).selectByValue("element");
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("groups-table")));
                assertEquals(AGENTS + " " + AGENTS, browser.findElement(By.cssSelector("#groups-table tbody tr"))
                        .getText().replaceAll("^\\S+ ", ""), "every agent found it under one search name");
                browser.findElement(By.id("show-journal")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("journal")));
                assertTrue(browser.findElement(By.id("journal")).getText().startsWith("    1 "),
                        browser.findElement(By.id("journal")).getText());

                long reload = System.nanoTime();
                browser.navigate().refresh();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("results-table")));
                long reloadMillis = Duration.ofNanos(System.nanoTime() - reload).toMillis();

                // agents gone: a new search stays in flight; its page follows it live and cancels it
                platform.stopAgents();
                CompletableFuture<EndToEndTest.Run> running = CompletableFuture.supplyAsync(() -> EndToEndTest.mig(
                        List.of("file", "-c", migrc.toString(), "-yes", "-json", "-e", "120s", "-t", "all", "-path",
                                etc.toString(), "-name", "^passwd$")));
                long runningId = awaitNewer(browser, wait, root, id);
                browser.get(root + "/actions/" + runningId);
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "(live)"));
                wait.until(ExpectedConditions.elementToBeClickable(By.id("cancel"))).click();
                browser.findElement(By.id("cancel-confirm")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-status"), "cancelled"));
                EndToEndTest.Run ended = running.get(60, TimeUnit.SECONDS);
                assertEquals("cancelled", MigJson.tree(ended.out()).at("/action/status").asText(), ended.out());
                System.out.printf("web console (platform, %d agents): action page opened to first results rendered in"
                        + " %d ms, reloaded in %d ms%n", AGENTS, firstRows, reloadMillis);
            } finally {
                if (browser != null) {
                    browser.quit();
                }
            }
        }
    }

    /** The API key in the answer of {@code mig investigator apikey -json}, wherever the envelope puts it. */
    private static String apiKey(JsonNode answer) {
        JsonNode found = answer.findValue("apikey");
        assertTrue(found != null && found.isTextual(), answer.toString());
        return found.asText();
    }

    /** The ID of the newest action in the list once it is not {@code previous} (the list re-read, bounded). */
    private static long awaitNewer(WebDriver browser, WebDriverWait wait, String root, long previous)
            throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            browser.get(root + "/actions");
            wait.until(ExpectedConditions.or(
                    ExpectedConditions.presenceOfElementLocated(By.id("actions-table")),
                    ExpectedConditions.presenceOfElementLocated(By.id("no-actions"))));
            var links = browser.findElements(By.cssSelector("#actions-table a.action-link"));
            if (!links.isEmpty() && Long.parseLong(links.get(0).getText()) != previous) {
                return Long.parseLong(links.get(0).getText());
            }
            Thread.sleep(200); // the CLI is still posting the action
        }
        throw new AssertionError("the new action never showed in the list");
    }
}
