package io.gator.agent.persist.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gator.core.agent.AgentEnv;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Alerts turned into records as Go's encoder writes them; alerts that are not JSON are kept as their text. */
class RecordFormatTest {
    private static final String HEAD = "{\"hostname\":\"h\",\"environment\":{\"init\":\"systemd\",\"ident\":\"Debian 12\","
            + "\"os\":\"linux\",\"arch\":\"amd64\",\"isproxied\":false,\"aws\":{}},\"tags\":{\"a\":\"1\",\"b\":\"\\u003c2\\u003e\"},"
            + "\"event\":";

    private final SteppedClock clock = new SteppedClock(Instant.parse("2026-12-02T08:00:00.120Z"));

    private RecordFormat format(Optional<RecordFormat.MozdefSource> mozdef) {
        return new RecordFormat("h", AgentEnv.of("systemd", "Debian 12", "linux", "amd64"),
                Map.of("b", "<2>", "a", "1"), mozdef, clock);
    }

    @Test
    void aJsonAlertIsReEncodedAsGoDoes() {
        assertEquals(HEAD + "{\"alert\":\"a -\\u003e b\",\"n\":10000000,\"severity\":\"low\"}}",
                format(Optional.empty()).body("{\"severity\": \"low\", \"n\": 1e7, \"alert\": \"a -> b\"}"));
    }

    @Test
    void anAlertThatIsNotJsonIsShippedAsItsText() {
        RecordFormat f = format(Optional.empty());
        assertEquals(HEAD + "\"plain \\u0026 simple\"}", f.body("plain & simple"));
        assertEquals(HEAD + "\"42 and more\"}", f.body("42 and more"));
        assertEquals(HEAD + "\"\"}", f.body(""));
        assertEquals(HEAD + "\"{\\\"open\\\":\"}", f.body("{\"open\":"));
    }

    @Test
    void aMozdefEventWrapsTheRecord() {
        assertEquals("{\"timestamp\":\"2026-12-02T08:00:00.12Z\",\"category\":\"mig\",\"hostname\":\"node1\","
                        + "\"processid\":77,\"processname\":\"gator-agent\",\"severity\":\"INFO\",\"source\":\"\","
                        + "\"summary\":\"mig dispatch event\",\"tags\":[\"mig-dispatch\"],\"details\":" + HEAD + "42}}",
                format(Optional.of(new RecordFormat.MozdefSource("node1", 77, "gator-agent"))).body("42"));
    }
}
