package io.gator.api.web;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebSettingsTest {
    @Test
    void theCookieIsSecureExactlyWhenTheApiServesTls() {
        WebSettings plain = WebSettings.defaults();
        assertFalse(plain.secureCookie());
        assertEquals(Duration.ofMinutes(30), plain.idleTimeout());
        WebSettings tls = WebSettings.fromConfig(ConfigFactory.parseString(
                "gator.api.tls.cert-file = \"/etc/gator/api.pem\"").withFallback(ConfigFactory.defaultReference()));
        assertTrue(tls.secureCookie());
        assertTrue(SessionCookie.set("abc", Duration.ofHours(1), tls.secureCookie()).value().endsWith("; Secure"));
        assertFalse(SessionCookie.set("abc", Duration.ofHours(1), false).value().contains("Secure"));
    }

    @Test
    void nonPositiveTimeoutsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> WebSettings.fromConfig(ConfigFactory.parseString(
                "gator.api.web.session-idle-timeout = 0s").withFallback(ConfigFactory.defaultReference())));
    }
}
