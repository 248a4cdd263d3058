package io.gator.platform.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Headless Chromium from Debian driven by Selenium, for the platform's browser tests. */
final class Chromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private Chromium() {}

    /** Skips the test when Chromium or its driver is missing, except under .ci/run where it fails. */
    static void assumePresent() {
        boolean present = Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
        if (Boolean.getBoolean("gator.fixtures.required")) {
            assertTrue(present, "chromium and chromium-driver must be installed (.ci/run installs them)");
        }
        Assumptions.assumeTrue(present, "chromium or chromedriver missing");
    }

    /** A headless browser with its own profile that saves downloads into {@code downloads} without asking. */
    static WebDriver start(Path profile, Path downloads) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build(), options);
    }

    /** Waits up to 30 s, polling often (timings), and says on timeout what the page showed. */
    static WebDriverWait waiting(WebDriver browser) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.pollingEvery(Duration.ofMillis(10)).ignoring(StaleElementReferenceException.class);
        wait.withMessage(() -> "the page showed: " + browser.findElement(By.tagName("body")).getText());
        return wait;
    }

    /** Opens {@code url}, loads the secret key from its file and signs in with a token signed in the browser. */
    static void signInWithKey(WebDriver browser, WebDriverWait wait, String url, Path key) {
        browser.get(url);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("key-file"))).sendKeys(key.toString());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("key-status"), "Key loaded"));
        browser.findElement(By.id("signin-key")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("signout")));
    }

    /**
     * Saves a screenshot of the page as {@code page.png}: into docs/web with {@code -Dgator.web.screenshots=true}
     * (the documentation's pictures), else into target.
     */
    static void screenshot(WebDriver browser, String page) throws java.io.IOException {
        byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
        Path out = Boolean.getBoolean("gator.web.screenshots") ? Path.of("..", "docs", "web") : Path.of("target");
        Files.createDirectories(out);
        Files.write(out.resolve(page + ".png"), png);
    }
}
