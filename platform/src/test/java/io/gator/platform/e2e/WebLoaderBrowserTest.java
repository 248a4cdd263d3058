package io.gator.platform.e2e;

import static io.gator.platform.e2e.LoaderLifecycleEndToEndTest.agentManifest;
import static io.gator.platform.e2e.LoaderLifecycleEndToEndTest.asSoonAsKnown;
import static io.gator.platform.e2e.LoaderLifecycleEndToEndTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gator.core.json.MigJson;
import io.gator.core.manifest.Manifest;
import io.gator.core.manifest.ManifestArchive;
import io.gator.core.manifest.ManifestEntry;
import io.gator.core.manifest.ManifestSignatures;
import io.gator.core.sign.KeyGen;
import io.gator.core.sign.Keyring;
import io.gator.core.sign.PgpVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The loaders and manifests pages in headless Chromium on the real API (PostgreSQL): a loader entry created with
 * its key shown once and enabled; a manifest created from two files packed into a tar.gz in the browser, its signed
 * string shown as the loader will check it, signed in the browser with alice's key; with bob's signature (mig) it
 * is active and served to the loader, whose rule verifies both; disabled, it is no longer served; a new key made
 * on the page replaces the old one.
 */
@Tag("browser")
class WebLoaderBrowserTest {
    @Test
    void aManifestBuiltAndSignedInTheBrowserIsServedToTheLoaderOnceActive(@TempDir Path dir) throws Exception {
        Chromium.assumePresent();
        KeyGen.GeneratedKey alice = KeyGen.rsa("alice <alice@example.net>", 2048);
        KeyGen.GeneratedKey bob = KeyGen.rsa("bob <bob@example.net>", 2048);
        // an agent binary of 8 MiB that barely compresses: the archive is packed, sent and hashed in the browser
        byte[] agent = new byte[8 << 20];
        new java.util.Random(7).nextBytes(agent);
        byte[] cfg = "[agent]\nrelay = \"amqp://127.0.0.1/\"\n".getBytes(StandardCharsets.UTF_8);
        Path agentFile = Files.write(dir.resolve("mig-agent"), agent);
        Path cfgFile = Files.write(dir.resolve("mig-agent.cfg"), cfg);
        try (TestPlatform platform = TestPlatform.start(dir, TestPlatform.Setup.of("webloader", 1, alice))) {
            String aliceRc = platform.migrc("alice").toString();
            String bobRc = LoaderLifecycleEndToEndTest.secondAdmin(platform, dir, bob, aliceRc);
            WebDriver browser = Chromium.start(dir.resolve("profile"), dir.resolve("downloads"));
            try {
                WebDriverWait wait = Chromium.waiting(browser);
                Chromium.signInWithKey(browser, wait, platform.root() + "/loaders", platform.secretKey("alice"));

                // a loader entry: created disabled, its key shown once, enabled from the list
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("loader-name"))).sendKeys("web-loader");
                browser.findElement(By.id("loader-create-submit")).click();
                String key = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("loader-key-value")))
                        .getText();
                assertTrue(key.matches("[A-Za-z0-9]{40}"), key);
                assertTrue(text(browser, "#loader-table").contains("web-loader"), text(browser, "#loader-table"));
                assertEquals(401, agentManifest(platform, key).statusCode(), "created disabled");
                browser.findElement(By.id("loader-enable-1")).click();
                wait.until(ExpectedConditions.textToBe(By.id("loader-notice"), "Loader 1 enabled."));
                wait.until(ExpectedConditions.presenceOfElementLocated(By.id("loader-disable-1")));

                // a manifest from two files, packed in the browser
                browser.findElement(By.id("nav-manifests")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("manifest-name"))).sendKeys("web-manifest");
                browser.findElement(By.id("manifest-target")).sendKeys("loadername='web-loader'");
                browser.findElement(By.id("manifest-file-mig-agent")).sendKeys(agentFile.toString());
                browser.findElement(By.id("manifest-file-configuration")).sendKeys(cfgFile.toString());
                long createClicked = System.nanoTime();
                browser.findElement(By.id("manifest-create-submit")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("manifest-notice"),
                        "Manifest 1 'web-manifest' created, staged until signed."));
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("manifest-signed-string")));
                System.out.println("web loader: 8 MiB manifest packed, sent, read back and hashed in "
                        + java.time.Duration.ofNanos(System.nanoTime() - createClicked).toMillis() + " ms");
                String expected = Manifest.of(List.of(new ManifestEntry("mig-agent", ManifestArchive.sha256(agent)),
                        new ManifestEntry("configuration", ManifestArchive.sha256(cfg)))).signedString();
                assertEquals(expected, text(browser, "#manifest-signed-string"), "the string the loader checks");
                assertEquals("staged", text(browser, "#manifest-status"));

                // alice signs in the browser (her key is still loaded from the sign-in); bob with mig
                long signClicked = System.nanoTime();
                browser.findElement(By.id("manifest-sign")).click();
                wait.until(ExpectedConditions.textToBe(By.id("manifest-notice"), "Manifest 1 signed."));
                System.out.println("web loader: signed and shown again (the 8 MiB archive fetched and hashed anew) in "
                        + java.time.Duration.ofNanos(System.nanoTime() - signClicked).toMillis() + " ms");
                wait.until(ExpectedConditions.textToBe(By.id("manifest-signatures"), "1"));
                assertEquals("staged", text(browser, "#manifest-status"), "one of two signatures");
                assertEquals(500, agentManifest(platform, key).statusCode(), "nothing served while staged");
                ok(asSoonAsKnown(List.of("manifest", "sign", "1", "-c", bobRc)));
                browser.findElement(By.id("manifest-open-1")).click();
                wait.until(ExpectedConditions.textToBe(By.id("manifest-status"), "active"));
                var served = agentManifest(platform, key);
                assertEquals(200, served.statusCode(), served.body());
                Manifest m = Manifest.fromTree(MigJson.tree(served.body()).at("/collection/items/0/data/0/value"));
                assertEquals(expected, m.signedString());
                assertEquals(2, ManifestSignatures.verify(m, new PgpVerifier(Keyring.ofArmored(
                        List.of(alice.armoredPublicKey(), bob.armoredPublicKey()))), 2).size());
                browser.findElement(By.id("manifest-show-loaders")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("manifest-loaders-table"),
                        "web-loader"));

                // disabled: no longer served
                browser.findElement(By.id("manifest-disable")).click();
                wait.until(ExpectedConditions.textToBe(By.id("manifest-status"), "disabled"));
                assertEquals(500, agentManifest(platform, key).statusCode());

                // a new key, after a confirmation: the old one is refused
                browser.findElement(By.id("nav-loaders")).click();
                wait.until(ExpectedConditions.elementToBeClickable(By.id("loader-newkey-1"))).click();
                wait.until(ExpectedConditions.elementToBeClickable(By.id("loader-newkey-confirm-1"))).click();
                String newKey = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("loader-key-value")))
                        .getText();
                assertNotEquals(key, newKey);
                assertEquals(401, agentManifest(platform, key).statusCode());
                assertEquals(500, agentManifest(platform, newKey).statusCode(), "known, but nothing active to serve");
            } finally {
                browser.quit();
            }
        }
    }

    private static String text(WebDriver browser, String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }
}
