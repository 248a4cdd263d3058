package io.gator.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.json.MigJson;
import io.gator.core.testing.Fixtures;
import io.gator.core.testing.JsonTrees;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** MIG conformance, actors-core: every command and result MIG put on RabbitMQ reads and writes back unchanged. */
class MigWireRoundTripTest {

    @TestFactory
    Stream<DynamicTest> everyAmqpMessageReadsAndWritesBackAsTheSameJsonTree() {
        return Fixtures.list("mig-wire/amqp", ".json").stream().map(p -> DynamicTest.dynamicTest(
                p.getFileName().toString(), () -> {
                    String original = Fixtures.read("mig-wire/amqp/" + p.getFileName());
                    Command command = MigJson.read(original, Command.class);
                    JsonNode written = MigJson.tree(MigJson.write(command));
                    List<String> diffs = JsonTrees.differences(MigJson.tree(original), written);
                    assertTrue(diffs.isEmpty(), () -> "differences: " + diffs);
                    assertEquals(command, MigJson.read(MigJson.write(command), Command.class));
                }));
    }
}
