package io.gator.core.module;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each module printer prints a fixture result exactly as MIG's CLI did in the matching transcript. */
class ResultPrinterFixtureTest {

    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of("01-file-name-content.txt", "02-file-name-content"),
                Arguments.of("02-file-sha2.txt", "10-file-sha2"),
                Arguments.of("03-file-notfound.txt", "11-file-nothing-found"),
                Arguments.of("04-netstat-lp.txt", "03-netstat-listening-port"),
                Arguments.of("05-netstat-ci.txt", "04-netstat-connected-ip"),
                Arguments.of("06-pkg.txt", "05-pkg"),
                Arguments.of("07-timedrift.txt", "06-timedrift"),
                Arguments.of("08-ping.txt", "07-ping-tcp"),
                Arguments.of("09-memory.txt", "08-memory"),
                Arguments.of("10-file-options.txt", "12-file-options-matchany"),
                Arguments.of("12-netstat-lm.txt", "09-netstat-local-mac"),
                Arguments.of("13-file-mismatch.txt", "13-file-mismatch"),
                Arguments.of("18-file-hostname.txt", "15-file-hostname"));
    }

    @ParameterizedTest(name = "{1} prints as {0}")
    @MethodSource("pairs")
    void printerMatchesMigCliTranscript(String cli, String amqp) {
        String transcript = Fixtures.read("mig-wire/cli/" + cli);
        JsonNode command = MigJson.tree(Fixtures.read("mig-wire/amqp/" + amqp + ".result.json"));
        String module = command.path("action").path("operations").get(0).path("module").asText();
        Result result = MigJson.mapper().convertValue(command.path("results").get(0), Result.class);
        Show show = transcript.lines().findFirst().orElse("").contains("-show all") ? Show.ALL : Show.FOUND;

        List<String> printed = ModuleDefinitions.get(module).printer().lines(result, show);

        assertEquals(resultLines(transcript), printed);
    }

    /** The agent's lines between the summary and the closing count, without the agent name and CLI status lines. */
    static List<String> resultLines(String transcript) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : transcript.lines().toList()) {
            if (line.matches("^\\d+ sent, \\d+ done.*")) {
                in = true;
                continue;
            }
            if (line.matches("^\\d+ agents? (has|have) .*")) {
                break;
            }
            if (in && line.startsWith("vm ")) {
                String l = line.substring(3);
                if (!l.equals("command success") && !l.startsWith("command did not succeed")) {
                    out.add(l);
                }
            }
        }
        return out;
    }
}
