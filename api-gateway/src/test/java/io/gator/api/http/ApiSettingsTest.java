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

    static ApiSettings with(String conf) {
        return ApiSettings.fromConfig(ConfigFactory.parseString(conf).withFallback(ConfigFactory.load()));
    }

    @Test
    void actionWindowAndHeartbeatDefaultsAndLimits() {
        ApiSettings s = ApiSettings.fromConfig(ConfigFactory.load());
        assertEquals(Duration.ofDays(90), s.actionLimits().maxWindow());
        assertEquals(4 * 1024 * 1024, s.actionLimits().maxInflatedParameters());
        assertEquals(HeartbeatPolicy.Mode.OPEN, s.heartbeat().mode());
        assertEquals(Duration.ofMinutes(5), s.heartbeat().maxClockSkew());
        IllegalArgumentException beyondTimers = assertThrows(IllegalArgumentException.class,
                () -> with("gator.api.max-action-window = 300d"));
        assertTrue(beyondTimers.getMessage().contains("at most 240 days"), beyondTimers.getMessage());
        assertThrows(IllegalArgumentException.class, () -> with("gator.api.max-inflated-parameters = 64MiB"));
        assertThrows(IllegalArgumentException.class, () -> with("gator.api.heartbeat.http = sometimes"));
        assertThrows(IllegalArgumentException.class, () -> with("gator.api.heartbeat.http = trusted-networks"));
        assertThrows(IllegalArgumentException.class, () -> with(
                "gator.api.heartbeat { http = trusted-networks, trusted-networks = [\"10.0.0.0/33\"] }"));
        HeartbeatPolicy p = with("gator.api.heartbeat { http = trusted-networks, trusted-networks = "
                + "[\"10.0.0.0/8\", \"fd00::/8\"] }").heartbeat();
        assertTrue(p.refusal("10.1.2.3").isEmpty());
        assertTrue(p.refusal("fd00::2").isEmpty());
        assertTrue(p.refusal("192.0.2.1").isPresent());
        assertTrue(p.refusal("0.0.0.0").isPresent());
    }
}
