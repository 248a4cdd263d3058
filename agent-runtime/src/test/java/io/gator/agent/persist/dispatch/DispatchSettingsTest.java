package io.gator.agent.persist.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.gator.agent.persist.ModuleSettings;
import io.gator.agent.persist.PersistentConfigException;
import io.gator.agent.persist.PersistentModule;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** dispatch.cfg read as MIG reads it, and what MIG would have run with but cannot work refused by name. */
class DispatchSettingsTest {
    private final CapturedLog log = new CapturedLog();

    @Test
    void aUrlAloneGivesMigsDefaultsAndLogsAsMig() {
        DispatchSettings s = DispatchSettings.from(settings("httpurl", "http://127.0.0.1:8080/event"), log.logger());
        assertEquals(new DispatchSettings(Optional.of(URI.create("http://127.0.0.1:8080/event")), false, 1024), s);
        assertEquals(List.of("module received configuration", "channel size not specified, defaulting to 1024"),
                log.messages());
    }

    @Test
    void aChannelSizeAndMozdefAreTaken() {
        DispatchSettings s = DispatchSettings.from(settings("httpurl", "https://collector.example/mozdef",
                "outputmozdef", "true", "channelsize", "16"), log.logger());
        assertEquals(new DispatchSettings(Optional.of(URI.create("https://collector.example/mozdef")), true, 16), s);
        assertEquals(List.of("module received configuration"), log.messages());
    }

    @Test
    void anSnsTopicIsRefusedClearly() {
        PersistentConfigException e = assertThrows(PersistentConfigException.class, () -> DispatchSettings.from(
                settings("httpurl", "http://127.0.0.1/e", "snstopic", "mig-alerts"), log.logger()));
        assertEquals("dispatch: snstopic is not supported by this agent; use httpurl", e.getMessage());
        assertTrue(log.messages().isEmpty(), "a refused configuration is not reported as received");
    }

    @Test
    void aChannelSizeThatIsNotANumberIsRefusedByName() {
        PersistentConfigException e = assertThrows(PersistentConfigException.class, () -> DispatchSettings.from(
                settings("httpurl", "http://127.0.0.1/e", "channelsize", "lots"), log.logger()));
        assertEquals("dispatch.channelsize: 'lots' is not a whole number", e.getMessage());
    }

    @Test
    void aNegativeChannelSizeIsRefused() {
        PersistentConfigException e = assertThrows(PersistentConfigException.class, () -> DispatchSettings.from(
                settings("httpurl", "http://127.0.0.1/e", "channelsize", "-1"), log.logger()));
        assertEquals("dispatch.channelsize: -1 is not between 0 and 2147483647", e.getMessage());
    }

    @Test
    void noUrlIsNoCollector() {
        for (ModuleSettings none : List.of(ModuleSettings.empty(), settings("httpurl", " ", "channelsize", "8"))) {
            assertEquals(Optional.empty(), DispatchSettings.from(none, log.logger()).httpUrl());
        }
    }

    @Test
    void aUrlThatIsNotHttpIsRefused() {
        for (String bad : List.of("ftp://127.0.0.1/e", "127.0.0.1:8080/event", "http://", "http://bad host/")) {
            PersistentConfigException e = assertThrows(PersistentConfigException.class,
                    () -> DispatchSettings.from(settings("httpurl", bad), log.logger()));
            assertEquals("dispatch.httpurl: '" + bad + "' is not an http or https URL", e.getMessage());
        }
    }

    @Test
    void theModuleRefusesABadConfigurationWhenCreated() {
        CapturedSession s = CapturedSession.read("01-http");
        DispatchModule module = new DispatchModule(new DispatchTunables(Duration.ofMinutes(5), Duration.ofSeconds(1)));
        SteppedClock clock = new SteppedClock(Instant.EPOCH);
        assertThrows(PersistentConfigException.class, () -> module.create(s.context(
                settings("httpurl", "http://127.0.0.1/e", "outputmozdef", "maybe"), log.logger(), clock)));
        assertFalse(log.messages().contains("module received configuration"));
    }

    @Test
    void theAgentFindsDispatchAsTheModuleThatReceivesAlerts() {
        List<PersistentModule> found = ServiceLoader.load(PersistentModule.class).stream()
                .map(ServiceLoader.Provider::get).filter(m -> m.name().equals("dispatch")).toList();
        assertEquals(1, found.size());
        assertTrue(found.get(0).receivesAlerts());
    }

    @Test
    void theAgentsTunablesAreMigsTimingsByDefault() {
        assertEquals(new DispatchTunables(Duration.ofMinutes(5), Duration.ofSeconds(30)), DispatchTunables.from(
                ConfigFactory.defaultReference().getConfig("gator.agent.persistent.modules.dispatch")));
        assertThrows(IllegalArgumentException.class,
                () -> new DispatchTunables(Duration.ofMinutes(5), Duration.ZERO));
    }

    private static ModuleSettings settings(String... keyValues) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            keys.put(keyValues[i], List.of(keyValues[i + 1]));
        }
        return ModuleSettings.of(Map.of("dispatch", keys));
    }
}
