package io.gator.api.web;

import io.gator.api.auth.ApiKeys;
import io.gator.api.backend.InvestigatorUpdate;
import io.gator.api.testing.ApiHarness;
import io.gator.core.action.Action;
import io.gator.core.agent.Agent;
import io.gator.core.json.MigTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in a real browser (headless Chromium and chromedriver from Debian, driven by Selenium): sign in with
 * an API key, read the dashboard, sign out. An action named like an HTML element shows as text.
 * {@code -Dgator.web.screenshots=true} writes the dashboard's screenshot to docs/web/ (else target/).
 */
@Tag("browser")
class WebConsoleBrowserTest {
    private static final String HOSTILE = "<img src=x onerror=alert(1)>";

    private ApiHarness api;
    private WebDriver browser;
    private Path profile;
    private String key;

    @BeforeEach
    void start() throws IOException {
        BrowserDriver.assumePresent();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        api = new ApiHarness(now, "");
        ApiKeys.Generated g = ApiKeys.generate();
        api.backend.updateInvestigator(new InvestigatorUpdate(2, Optional.empty(), Optional.empty(),
                Optional.of(new InvestigatorUpdate.ApiKeyChange.Set(g.hash(), g.salt())))).toCompletableFuture().join();
        key = g.key();
        OffsetDateTime t = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        String[][] fleet = {{"web1", "online"}, {"web2", "online"}, {"db1", "online"}, {"mail1", "idle"},
            {"old1", "offline"}, {"old2", "offline"}};
        for (int i = 0; i < fleet.length; i++) {
            api.backend.put(Agent.of(fleet[i][0], "linux." + fleet[i][0]).withId(100 + i).withMode("daemon")
                    .withProcess("20261201", 10 + i).withTimes(t.minusHours(1), t, MigTime.ZERO)
                    .withStatus(fleet[i][1]));
        }
        api.backend.put(Action.of(700, HOSTILE, "status='online'", t.minusMinutes(5), t.plusMinutes(55), List.of())
                .withStatus("completed").withTimes(t.minusMinutes(5), t.minusMinutes(4), t.minusMinutes(4)));
        api.backend.put(Action.of(701, "file -path /etc -name ^passwd$", "status='online'", t.minusMinutes(2),
                t.plusMinutes(58), List.of()).withStatus("inflight").withTimes(t.minusMinutes(2), MigTime.ZERO, t));

        profile = Files.createTempDirectory("gator-chromium-");
        browser = BrowserDriver.start(profile, 1100, Optional.empty());
    }

    @AfterEach
    void stop() throws IOException {
        BrowserDriver.stop(browser, api, profile);
    }

    @Test
    void signInSeeTheDashboardSignOut() throws Exception {
        WebDriverWait wait = BrowserDriver.waiting(browser, Duration.ofSeconds(20));
        browser.get(api.url("/"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key"))).sendKeys(key);
        long clicked = System.nanoTime();
        browser.findElement(By.id("signin-submit")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("recent-actions")));
        long loadMillis = Duration.ofNanos(System.nanoTime() - clicked).toMillis();
        System.out.println("web console: sign-in to dashboard rendered in " + loadMillis + " ms");

        assertEquals("/dashboard", new java.net.URI(browser.getCurrentUrl()).getPath());
        assertEquals("3", text("#count-online .value"));
        assertEquals("1", text("#count-idle .value"));
        assertEquals("2", text("#count-offline .value"));
        assertEquals("alice", text("#who"));
        // charts grouped in the browser from one agent search: one version bar split online / idle / offline
        String versions = text("#chart-version");
        assertTrue(versions.contains("20261201") && versions.contains("6"), versions);
        assertEquals(3, browser.findElements(By.cssSelector("#chart-version rect")).size(), versions);
        assertEquals(List.of("series-online", "series-idle", "series-offline"), browser
                .findElements(By.cssSelector("#chart-version rect")).stream().map(r -> r.getAttribute("class")).toList());
        assertEquals(1, browser.findElements(By.cssSelector("#chart-actions rect.series-ok")).size(),
                "today's two actions make one bar");
        String actions = text("#recent-actions");
        assertTrue(actions.contains(HOSTILE), "the hostile name shows as text: " + actions);
        assertTrue(actions.contains("file -path /etc -name ^passwd$"), actions);
        assertEquals(0, browser.findElements(By.cssSelector("#recent-actions img")).size(), "no element injected");
        assertTrue(browser.manage().getCookieNamed(SessionCookie.NAME).isHttpOnly());

        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Path dir = Boolean.getBoolean("gator.web.screenshots") ? Path.of("..", "docs", "web") : Path.of("target");
        Files.createDirectories(dir);
        Files.write(dir.resolve("dashboard.png"), png);

        long reload = System.nanoTime();
        browser.navigate().to(api.url("/dashboard"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("recent-actions")));
        System.out.println("web console: dashboard reloaded in "
                + Duration.ofNanos(System.nanoTime() - reload).toMillis() + " ms");

        browser.findElement(By.id("signout")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
        assertNull(browser.manage().getCookieNamed(SessionCookie.NAME), "the cookie is gone");
        browser.navigate().to(api.url("/dashboard"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }
}
