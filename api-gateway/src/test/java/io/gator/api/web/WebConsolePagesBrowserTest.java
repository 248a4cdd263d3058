package io.gator.api.web;

import io.gator.api.auth.ApiKeys;
import io.gator.api.testing.ApiHarness;
import io.gator.core.action.Action;
import io.gator.core.agent.Agent;
import io.gator.core.command.Command;
import io.gator.core.json.MigTime;
import io.gator.core.json.MigJson;
import io.gator.core.sign.PgpSigner;
import io.gator.core.sign.PgpVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agents, launch and investigators pages in headless Chromium, against an API that checks tokens and action
 * signatures with the production PGP code: a hostile host name shows as text, a file search signed in the
 * browser with a secret key loaded from a file is accepted, the last admin cannot be disabled.
 * {@code -Dgator.web.screenshots=true} writes each page's screenshot to docs/web/ (else target/).
 */
@Tag("browser")
class WebConsolePagesBrowserTest {
    private static final String HOSTILE = "<img src=x onerror=alert(1)>";

    private ApiHarness api;
    private WebDriver browser;
    private WebDriverWait wait;
    private Path profile;
    private Path keyFile;

    @BeforeEach
    void start() throws IOException {
        BrowserDriver.assumePresent();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        api = new ApiHarness(now, "", b -> b, true);
        OffsetDateTime t = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        api.backend.put(Agent.of(HOSTILE, "linux." + HOSTILE).withId(100).withMode("daemon")
                .withProcess("20261201", 10).withTimes(t.minusHours(1), t, MigTime.ZERO).withStatus("online")
                .withTags(Map.of("team", HOSTILE)));
        Agent hostile = api.backend.agent(100).toCompletableFuture().join().orElseThrow();
        Action earlier = Action.of(600, "pkg openssl " + HOSTILE, "status='online'", t.minusHours(2), t.minusHours(1),
                List.of()).withStatus("completed");
        api.backend.put(earlier);
        api.backend.put(new Command(650, earlier, hostile, "success", List.of(), t.minusHours(2), t.minusHours(2)));
        api.backend.put(Agent.of("web1", "linux.web1").withId(101).withMode("daemon")
                .withProcess("20261201", 11).withTimes(t.minusHours(1), t, MigTime.ZERO).withStatus("online"));
        profile = Files.createTempDirectory("gator-chromium-");
        keyFile = profile.resolve("tester-secret.asc");
        Files.writeString(keyFile, api.tester.armoredSecretKey());
        browser = BrowserDriver.start(profile.resolve("p"), 1000, Optional.empty());
        wait = BrowserDriver.waiting(browser, Duration.ofSeconds(30));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    @AfterEach
    void stop() throws IOException {
        BrowserDriver.stop(browser, api, profile);
    }

    @Test
    void agentsLaunchSignedInTheBrowserAndTheLastAdmin() throws Exception {
        // sign in with the key: the browser signs MIG's token; the API requires the poster of an action to sign it
        browser.get(api.url("/agents"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("key-file"))).sendKeys(keyFile.toString());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("key-status"), "Key loaded"));
        screenshot("signin-key");
        browser.findElement(By.id("signin-key")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("agents-table")));
        String agents = text("#agents-table");
        assertTrue(agents.contains(HOSTILE), "the hostile host name shows as text: " + agents);
        assertTrue(agents.contains("team=" + HOSTILE), agents);
        assertEquals(0, browser.findElements(By.cssSelector("#agents-table img")).size(), "no element injected");
        assertEquals("2 agents", text("#agent-count"));
        screenshot("agents");
        browser.findElement(By.linkText(HOSTILE)).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("agent-details")));
        assertEquals(HOSTILE, text("#agent-name"));
        assertTrue(text("#agent-details").contains("team=" + HOSTILE), text("#agent-details"));
        String commands = text("#agent-commands");
        assertTrue(commands.contains("pkg openssl " + HOSTILE) && commands.contains("600"), commands);
        assertEquals(0, browser.findElements(By.cssSelector("main img")).size(), "no element injected");
        screenshot("agent");
        long agentsClicked = System.nanoTime();
        browser.findElement(By.id("nav-agents")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("agents-table")));
        System.out.println("web console: agents page rendered in "
                + Duration.ofNanos(System.nanoTime() - agentsClicked).toMillis() + " ms");
        browser.findElement(By.id("agent-target")).clear();
        browser.findElement(By.id("agent-target")).sendKeys("status='online' AND DROP TABLE agents\n");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("agent-error")));
        assertTrue(text("#agent-error").startsWith("invalid target"), text("#agent-error"));

        long launchClicked = System.nanoTime();
        browser.findElement(By.id("nav-launch")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("flag-path"))).sendKeys("/etc");
        System.out.println("web console: launch form rendered in "
                + Duration.ofNanos(System.nanoTime() - launchClicked).toMillis() + " ms");
        browser.findElement(By.id("flag-name")).sendKeys("^passwd$");
        browser.findElement(By.id("launch-name")).sendKeys("find passwd " + HOSTILE);
        wait.until(ExpectedConditions.textToBe(By.id("launch-count"), "2 agents match"));
        browser.findElement(By.id("launch-preview-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("launch-preview"), "^passwd$"));
        assertTrue(text("#key-status").contains(api.tester.fingerprint()), text("#key-status"));
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        screenshot("launch");
        browser.findElement(By.id("launch-sign")).click();
        wait.until(d -> URI.create(d.getCurrentUrl()).getPath().startsWith("/actions/")
                || !d.findElement(By.id("launch-error")).getText().isEmpty());
        assertTrue(URI.create(browser.getCurrentUrl()).getPath().startsWith("/actions/"),
                () -> "launch refused: " + text("#launch-error"));
        final long id = Long.parseLong(new URI(browser.getCurrentUrl()).getPath().substring("/actions/".length()));
        Action created = api.backend.action(id).toCompletableFuture().join().orElseThrow();
        assertEquals("find passwd " + HOSTILE, created.name());
        assertEquals("file", created.operations().get(0).module());
        assertEquals(List.of(api.tester.fingerprint()), new PgpVerifier(api.tester.keyring()).verifyAction(created),
                "signed in the browser by the tester's key");

        // the gpg path: the unsigned action of the preview, read and signed as `mig -i FILE -s` does, uploaded
        browser.findElement(By.id("nav-launch")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("flag-path"))).sendKeys("/usr");
        browser.findElement(By.id("launch-preview-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("launch-preview"), "/usr"));
        Action unsigned = MigJson.read(text("#launch-preview"), Action.class);
        assertTrue(unsigned.pgpSignatures().isEmpty());
        Path signedFile = profile.resolve("signed.json");
        Files.writeString(signedFile, MigJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(
                PgpSigner.of(api.tester).signAction(unsigned)));
        browser.findElement(By.id("launch-signed-file")).sendKeys(signedFile.toString());
        wait.until(d -> !URI.create(d.getCurrentUrl()).getPath().equals("/actions/" + id)
                && URI.create(d.getCurrentUrl()).getPath().startsWith("/actions/")
                || !d.findElement(By.id("launch-error")).getText().isEmpty());
        assertTrue(URI.create(browser.getCurrentUrl()).getPath().startsWith("/actions/"),
                () -> "signed file refused: " + text("#launch-error"));
        long second = Long.parseLong(URI.create(browser.getCurrentUrl()).getPath().substring("/actions/".length()));
        Action uploaded = api.backend.action(second).toCompletableFuture().join().orElseThrow();
        assertEquals("/usr", uploaded.operations().get(0).parameters().at("/searches/s1/paths/0").asText());
        assertEquals(unsigned.validFrom().toInstant(), uploaded.validFrom().toInstant(), "validity left as it is");

        // yara: the rules file on the investigator's machine, read by the browser, its text in the parameters
        browser.findElement(By.id("nav-launch")).click();
        new Select(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("launch-module"))))
                .selectByValue("yara");
        Path rules = profile.resolve("marker.yar");
        Files.writeString(rules, "rule marker { strings: $a = \"EVIL_MARKER_1234\" condition: $a }\n");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("flag-rules"))).sendKeys(rules.toString());
        browser.findElement(By.id("flag-files")).sendKeys("-path /bin -name ssh");
        browser.findElement(By.id("launch-preview-button")).click();
        wait.until(d -> d.findElement(By.id("launch-preview")).getText().contains("EVIL_MARKER_1234")
                || !d.findElement(By.id("launch-error")).getText().isEmpty());
        Action yara = MigJson.read(text("#launch-preview"), Action.class);
        // the page's text is read through the rendered <pre>: compare the rules without surrounding blanks
        assertEquals(Files.readString(rules).strip(), yara.operations().get(0).parameters().path("yara").asText()
                .strip(), () -> "yara preview: " + text("#launch-error"));
        assertEquals("-path /bin -name ssh", yara.operations().get(0).parameters().path("filesearch").asText());
        assertEquals("yara -rules marker.yar -files -path /bin -name ssh", yara.name());

        // alice, then the tester: the tester is then the last active admin, whom the API refuses to disable
        browser.findElement(By.id("nav-investigators")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("disable-2"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("enable-2")));
        browser.findElement(By.id("disable-9")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("investigator-error"),
                "last active administrator"));
        assertEquals("active", api.backend.investigator(9).toCompletableFuture().join().orElseThrow().status());
        browser.findElement(By.id("apikey-2")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-apikey")));
        assertEquals(ApiKeys.KEY_LENGTH, text("#new-apikey").length());

        Path bobKey = profile.resolve("bob.asc");
        Files.writeString(bobKey, io.gator.core.testing.Fixtures.read("mig-wire/keys/bob.asc"));
        browser.findElement(By.id("new-name")).sendKeys("bob " + HOSTILE);
        browser.findElement(By.id("new-key")).sendKeys(bobKey.toString());
        browser.findElement(By.cssSelector("#investigator-create button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("investigators-table"), "bob " + HOSTILE));
        assertTrue(text("#investigator-notice").contains("created"), text("#investigator-notice"));
        screenshot("investigators");
    }

    private void screenshot(String page) throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Path dir = Boolean.getBoolean("gator.web.screenshots") ? Path.of("..", "docs", "web") : Path.of("target");
        Files.createDirectories(dir);
        Files.write(dir.resolve(page + ".png"), png);
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }
}
