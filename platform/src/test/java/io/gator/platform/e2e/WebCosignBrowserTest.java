package io.gator.platform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.json.MigJson;
import io.gator.core.sign.KeyGen;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Co-signing in two browsers against one scheduler+API node on PostgreSQL and RabbitMQ with simulated agents whose
 * ACL needs weight 2 (alice 1, bob 1): alice launches a file search signed in her browser, which the API holds as
 * awaiting signatures and her page shows for review; bob, signed in with his key in another browser, reviews it
 * and co-signs it there; the agents run it and alice's action page shows their results. Alice relaunches a copy
 * (the same operations, signed again: held again) and withdraws it. A timedrift the server's
 * mirror (deliberately laxer than the agents) lets through with alice's browser signature alone is refused by
 * every agent.
 */
@Tag("browser")
class WebCosignBrowserTest {
    private static final int AGENTS = 3;

    @Test
    void aSearchCoSignedInTwoBrowsersRunsAndASingleSignedOneIsRefusedByTheAgents(@TempDir Path dir)
            throws Exception {
        Chromium.assumePresent();
        KeyGen.GeneratedKey alice = KeyGen.rsa("alice <alice@example.net>", 2048);
        KeyGen.GeneratedKey bob = KeyGen.rsa("bob <bob@example.net>", 2048);
        String mirror = TestPlatform.fileNeedsAllTimedriftOne(alice, bob);
        Path etc = TestPlatform.etcWithPasswd(dir);
        try (TestPlatform platform = TestPlatform.start(dir,
                TestPlatform.Setup.of("webcosign", AGENTS, alice).with(bob).cosigned(2, mirror))) {
            Path aliceKey = platform.secretKey("alice");
            Path bobKey = platform.secretKey("bob");
            String root = platform.root();
            Path aliceRc = platform.migrc("alice");
            WebDriver aliceBrowser = null;
            WebDriver bobBrowser = null;
            try {

                // alice: signed in with her key, launches a file search signed in her browser: it awaits bob
                aliceBrowser = Chromium.start(dir.resolve("alice-profile"), dir.resolve("alice-downloads"));
                final WebDriver alices = aliceBrowser;
                WebDriverWait aliceWait = Chromium.waiting(aliceBrowser);
                Chromium.signInWithKey(aliceBrowser, aliceWait, root + "/launch", aliceKey);
                aliceWait.until(ExpectedConditions.visibilityOfElementLocated(By.id("flag-path")))
                        .sendKeys(etc.toString());
                aliceBrowser.findElement(By.id("flag-name")).sendKeys("^passwd$");
                aliceBrowser.findElement(By.id("launch-name")).sendKeys("passwd, co-signed");
                aliceWait.until(ExpectedConditions.textToBe(By.id("launch-count"), AGENTS + " agents match"));
                aliceBrowser.findElement(By.id("launch-sign")).click();
                aliceWait.until(d -> URI.create(d.getCurrentUrl()).getPath().startsWith("/cosign/")
                        || !d.findElement(By.id("launch-error")).getText().isEmpty());
                assertTrue(URI.create(aliceBrowser.getCurrentUrl()).getPath().startsWith("/cosign/"),
                        () -> "not held for co-signing: " + text(alices, "#launch-error"));
                String id = URI.create(aliceBrowser.getCurrentUrl()).getPath().substring("/cosign/".length());
                aliceWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("cosign-status"),
                        "awaiting signatures"));
                assertTrue(text(aliceBrowser, "#cosign-details").contains("file 1/2"),
                        text(aliceBrowser, "#cosign-details"));

                // bob, in another browser: the list, the review with the exact action, his co-signature
                bobBrowser = Chromium.start(dir.resolve("bob-profile"), dir.resolve("bob-downloads"));
                WebDriverWait bobWait = Chromium.waiting(bobBrowser);
                Chromium.signInWithKey(bobBrowser, bobWait, root + "/cosign", bobKey);
                bobWait.until(ExpectedConditions.visibilityOfElementLocated(By.id("cosign-list")));
                String row = text(bobBrowser, "#cosign-list tbody tr");
                assertTrue(row.startsWith(id + " passwd, co-signed alice") && row.contains("file 1/2"), row);
                bobBrowser.findElement(By.linkText(id)).click();
                bobWait.until(ExpectedConditions.visibilityOfElementLocated(By.id("cosign-canonical")));
                JsonNode shown = MigJson.tree(text(bobBrowser, "#cosign-action"));
                assertEquals(id, shown.path("id").asText());
                assertEquals(etc.toString(), shown.at("/operations/0/parameters/searches/s1/paths/0").asText(),
                        shown.toString());
                assertTrue(text(bobBrowser, "#cosign-canonical").contains("passwd, co-signed"));
                Chromium.screenshot(bobBrowser, "cosign");
                bobBrowser.findElement(By.id("cosign-sign")).click();
                bobWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("cosign-status"), "launched"));
                assertTrue(text(bobBrowser, "#cosign-details").contains("file 2/2"),
                        text(bobBrowser, "#cosign-details"));

                // the agents (weight 2) run it; alice follows it on its page
                JsonNode done = CosignEndToEndTest.waitCompleted(aliceRc, id);
                assertEquals(AGENTS, done.at("/counters/success").asInt(), done.toString());
                assertEquals(2, done.path("pgpsignatures").size(), done.toString());
                aliceBrowser.get(root + "/actions/" + id);
                aliceWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("results-summary"),
                        AGENTS + " agents answered: " + AGENTS + " found, 0 not found"));

                // a timedrift the laxer mirror lets through with alice's signature alone: every agent refuses it
                // relaunch a copy: a custom name, so the same operations are shown read-only and signed again
                aliceBrowser.findElement(By.id("relaunch")).click();
                aliceWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("launch-copy-parameters"),
                        "^passwd$"));
                assertEquals("passwd, co-signed", aliceBrowser.findElement(By.id("launch-name")).getDomProperty("value"));
                assertEquals("status='online'", aliceBrowser.findElement(By.id("launch-target")).getDomProperty("value"));
                // the action page was loaded anew, which forgot the key: load it again on the launch page
                aliceBrowser.findElement(By.id("key-file")).sendKeys(aliceKey.toString());
                aliceWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("key-status"), "Key loaded"));
                aliceBrowser.findElement(By.id("launch-sign")).click();
                aliceWait.until(d -> URI.create(d.getCurrentUrl()).getPath().startsWith("/cosign/")
                        || !d.findElement(By.id("launch-error")).getText().isEmpty());
                String copy = URI.create(aliceBrowser.getCurrentUrl()).getPath().substring("/cosign/".length());
                assertTrue(!copy.equals(id) && copy.matches("[0-9]+"), () -> "copy not held: " + copy + " "
                        + text(alices, "#launch-error"));
                aliceWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("cosign-status"),
                        "awaiting signatures"));
                JsonNode copied = MigJson.tree(text(aliceBrowser, "#cosign-action"));
                assertEquals(shown.get("operations"), copied.get("operations"));
                assertEquals("passwd, co-signed", copied.path("name").asText());
                // its poster withdraws it
                aliceBrowser.findElement(By.id("cosign-cancel")).click();
                aliceBrowser.findElement(By.id("cosign-cancel-confirm")).click();
                aliceWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("cosign-status"),
                        "cancelled"));

                aliceBrowser.findElement(By.id("nav-launch")).click();
                new Select(aliceWait.until(ExpectedConditions.visibilityOfElementLocated(By.id("launch-module"))))
                        .selectByValue("timedrift");
                aliceBrowser.findElement(By.id("launch-sign")).click();
                aliceWait.until(d -> URI.create(d.getCurrentUrl()).getPath().startsWith("/actions/")
                        || !d.findElement(By.id("launch-error")).getText().isEmpty());
                String single = URI.create(aliceBrowser.getCurrentUrl()).getPath();
                assertTrue(single.startsWith("/actions/"), () -> "refused: " + text(alices, "#launch-error"));
                JsonNode refused = waitFailed(aliceRc, single.substring("/actions/".length()));
                assertEquals(0, refused.at("/counters/success").asInt(), refused.toString());
                assertEquals(1, refused.path("pgpsignatures").size(), refused.toString());
                // the agents' own refusal, read with alice's browser session
                String results = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(root
                                + "/api/v1/action/results?actionid=" + single.substring("/actions/".length())))
                        .header("Cookie", "gator_session=" + aliceBrowser.manage().getCookieNamed("gator_session")
                                .getValue()).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertTrue(results.contains("insufficient signatures weight (need 2, got 1)"), results);

                // relaunching it: its default name gives its flags back into the form
                aliceWait.until(ExpectedConditions.elementToBeClickable(By.id("relaunch"))).click();
                aliceWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("launch-copy"),
                        "its flags are in the form"));
                assertEquals("timedrift", new Select(aliceBrowser.findElement(By.id("launch-module")))
                        .getFirstSelectedOption().getText());
            } finally {
                for (WebDriver b : new WebDriver[] {aliceBrowser, bobBrowser}) {
                    if (b != null) {
                        b.quit();
                    }
                }
            }
        }
    }

    /** The action once every agent failed it (bounded). */
    private static JsonNode waitFailed(Path migrc, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            EndToEndTest.Run r = EndToEndTest.mig(List.of("action", "show", id, "-json", "-c", migrc.toString()));
            if (r.code() == 0) {
                last = MigJson.tree(r.out());
                if (last.at("/counters/failed").asInt() == AGENTS) {
                    return last;
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError("action " + id + " was not failed by every agent: " + last);
    }

    private static String text(WebDriver browser, String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }
}
