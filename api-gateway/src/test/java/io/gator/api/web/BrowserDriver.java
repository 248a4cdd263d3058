package io.gator.api.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.api.testing.ApiHarness;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Headless Chromium from Debian driven by Selenium, for the console's browser tests. */
final class BrowserDriver {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private BrowserDriver() {}

    /** Skips the test when Chromium or its driver is missing, except under .ci/run where it fails. */
    static void assumePresent() {
        boolean present = Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
        if (Boolean.getBoolean("gator.fixtures.required")) {
            assertTrue(present, "chromium and chromium-driver must be installed (.ci/run installs them)");
        }
        Assumptions.assumeTrue(present, "chromium or chromedriver missing");
    }

    /**
     * A headless browser 1280 pixels wide and {@code height} high (screenshots depend on it) with its own profile;
     * with {@code downloads}, it saves downloads there without asking.
     */
    static WebDriver start(Path profile, int height, Optional<Path> downloads) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280," + height, "--user-data-dir=" + profile);
        downloads.ifPresent(d -> options.setExperimentalOption("prefs", Map.of("download.default_directory",
                d.toString(), "download.prompt_for_download", false)));
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build(), options);
    }

    /** Polled every 10 ms (Selenium defaults to 500 ms) so the timings the tests print mean something. */
    static WebDriverWait waiting(WebDriver browser, Duration timeout) {
        WebDriverWait wait = new WebDriverWait(browser, timeout);
        wait.pollingEvery(Duration.ofMillis(10));
        return wait;
    }

    /** After a test: quits the browser, closes the API, deletes the directories; each skipped if never made. */
    static void stop(WebDriver browser, ApiHarness api, Path... dirs) throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (api != null) {
            api.close();
        }
        delete(dirs);
    }

    /** Deletes these directories and everything in them; null ones (setup never got there) are skipped. */
    static void delete(Path... dirs) throws IOException {
        for (Path dir : dirs) {
            if (dir != null) {
                try (var files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
            }
        }
    }
}
