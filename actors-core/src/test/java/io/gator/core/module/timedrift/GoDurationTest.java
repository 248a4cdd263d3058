package io.gator.core.module.timedrift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gator.core.module.InvalidParametersException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {
    @Test
    void readsDurationsAsGoDoes() {
        assertEquals(Duration.ofMillis(500), GoDuration.parse("500ms"));
        assertEquals(Duration.ofMinutes(30), GoDuration.parse(".5h"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1h30m"));
        assertEquals(Duration.ofSeconds(-5), GoDuration.parse("-5s"));
        assertEquals(Duration.ZERO, GoDuration.parse("0"));
    }

    @Test
    void aDurationBeyondGosInt64NanosecondsIsRefusedNotClamped() {
        assertEquals(Duration.ofHours(2_562_047), GoDuration.parse("2562047h"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GoDuration.parse("9999999999999999h"));
        assertTrue(e.getMessage().contains("292 years"), e.getMessage());
        InvalidParametersException p = assertThrows(InvalidParametersException.class, () -> TimedriftModule.INSTANCE
                .parse(JsonNodeFactory.instance.objectNode().put("drift", "9999999999999999h")));
        assertTrue(p.getMessage().contains("drift"), p.getMessage());
    }
}
