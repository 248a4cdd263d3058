package io.gator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.cli.module.ModuleFlagsRegistry;
import io.gator.core.json.MigJson;
import io.gator.core.module.ModuleDefinitions;
import io.gator.core.module.flag.InvalidFlagException;
import io.gator.core.module.ping.PingParameters;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Numeric module flags are read as MIG reads them (Go float64 flags), and the agent's check takes the result. */
class NumericFlagsTest {
    /** The parameters the flags give, after the agent's own check. */
    private static JsonNode params(String module, String... args) {
        JsonNode p = ModuleFlagsRegistry.parse(module, List.of(args)).orElseThrow().parameters();
        ModuleDefinitions.get(module).parse(p);
        return p;
    }

    @Test
    void icmpPingNeedsNoDestinationPort() {
        JsonNode p = params("ping", "-d", "127.0.0.1", "-p", "icmp");
        assertEquals("icmp", p.path("protocol").asText());
        assertTrue(p.path("destinationport").isMissingNode() || p.path("destinationport").asDouble() <= 0, p.toString());
        // and without -p at all: icmp is the default
        params("ping", "-d", "127.0.0.1");
    }

    @Test
    void stockMigsIcmpPingWithItsMinusOnePortIsAccepted() {
        // MIG's ping flags default -dp to -1 and send it (omitempty drops only zero)
        PingParameters p = (PingParameters) ModuleDefinitions.get("ping").parse(MigJson.tree(
                "{\"destination\":\"127.0.0.1\",\"destinationport\":-1,\"protocol\":\"icmp\",\"count\":3,\"timeout\":5}"));
        assertEquals(0, p.destinationPort());
    }

    @Test
    void pingTakesDecimalCountTimeoutAndPortAsMigDoes() {
        JsonNode p = params("ping", "-d", "127.0.0.1", "-p", "tcp", "-dp", "5672.0", "-c", "2.5", "-t", "0.5");
        PingParameters parsed = (PingParameters) ModuleDefinitions.get("ping").parse(p);
        assertEquals(5672, parsed.destinationPort());
        assertEquals(2, parsed.count(), "MIG pings int(count) times");
        assertEquals(0.5, parsed.timeout());
    }

    @Test
    void pingWholeNumbersAreSentAsIntegersAsMigsJsonDoes() {
        JsonNode p = params("ping", "-d", "127.0.0.1", "-p", "tcp", "-dp", "5672");
        assertEquals("{\"destination\":\"127.0.0.1\",\"destinationport\":5672,\"protocol\":\"tcp\",\"count\":3,"
                + "\"timeout\":5}", MigJson.write(p));
    }

    @Test
    void pingRefusesWhatIsNotANumberNamingTheFlag() {
        InvalidFlagException e = assertThrows(InvalidFlagException.class,
                () -> params("ping", "-d", "127.0.0.1", "-c", "three"));
        assertTrue(e.getMessage().contains("-c") && e.getMessage().contains("three"), e.getMessage());
        e = assertThrows(InvalidFlagException.class, () -> params("ping", "-d", "127.0.0.1", "-p", "tcp"));
        assertTrue(e.getMessage().contains("-dp"), e.getMessage());
    }

    @Test
    void fileAndMemoryLimitsTakeDecimalsAsMigDoes() {
        JsonNode f = params("file", "-path", "/etc", "-maxdepth", "2.0", "-maxerrors", "1.5", "-matchlimit", "10.0");
        JsonNode o = f.path("searches").path("s1").path("options");
        assertEquals(2, o.path("maxdepth").asLong());
        assertEquals(10, o.path("matchlimit").asLong());
        JsonNode m = params("memory", "-name", "java", "-maxdepth", "4096.0", "-matchlimit", "100.0");
        assertEquals(4096, m.path("searches").path("s1").path("options").path("offset").asLong());
        InvalidFlagException e = assertThrows(InvalidFlagException.class,
                () -> params("file", "-path", "/etc", "-maxdepth", "deep"));
        assertTrue(e.getMessage().contains("-maxdepth") && e.getMessage().contains("deep"), e.getMessage());
    }

    @Test
    void expirationsAreReadAsGosParseDurationReadsThem() {
        assertEquals(java.time.Duration.ofMillis(1500), io.gator.cli.launch.GoDuration.parse("1500ms"));
        assertEquals(java.time.Duration.ofMinutes(30), io.gator.cli.launch.GoDuration.parse(".5h"));
        assertEquals(java.time.Duration.ofMinutes(5), io.gator.cli.launch.GoDuration.parse("5.m"));
        assertEquals(java.time.Duration.ofMinutes(90), io.gator.cli.launch.GoDuration.parse("1h30m"));
        assertEquals(java.time.Duration.ofNanos(2000), io.gator.cli.launch.GoDuration.parse("2\u03bcs"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> io.gator.cli.launch.GoDuration.parse("5 minutes"));
        assertTrue(e.getMessage().contains("5 minutes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> io.gator.cli.launch.GoDuration.parse(".h"));
    }
}
