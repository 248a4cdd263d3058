package io.gator.api.http;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiSettingsTest {
    @Test
    void referenceConfHoldsMigCompatibleDefaults() {
        ApiSettings s = ApiSettings.fromConfig(ConfigFactory.load());
        assertEquals("127.0.0.1", s.host());
        assertEquals(4444, s.port());
        assertEquals("/api/v1", s.baseRoute());
        assertEquals("http://localhost:4444/api/v1", s.baseUrl());
        assertEquals(Duration.ofMinutes(10), s.tokenDuration());
        assertEquals(1024 * 1024, s.bodyLimit());
        assertTrue(s.knownModules().contains("file") && s.knownModules().contains("dispatch"));
        assertEquals(13, s.knownModules().size());
    }

    @Test
    void baseRouteIsNormalisedAndPublicUrlLosesItsTrailingSlash() {
        ApiSettings s = ApiSettings.fromConfig(ConfigFactory.parseString(
                "gator.api.base-route = \"mig/api/\"\ngator.api.public-url = \"https://mig.example.net/\"")
                .withFallback(ConfigFactory.load()));
        assertEquals("/mig/api", s.baseRoute());
        assertEquals("https://mig.example.net/mig/api", s.baseUrl());
    }

    @Test
    void invalidValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ApiSettings.fromConfig(ConfigFactory.parseString(
                "gator.api.base-route = \"/\"").withFallback(ConfigFactory.load())));
        assertThrows(IllegalArgumentException.class, () -> ApiSettings.fromConfig(ConfigFactory.parseString(
                "gator.api.client-public-ip = \"header\"").withFallback(ConfigFactory.load())));
    }
}
