package io.gator.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.core.json.MigJson;
import io.gator.core.json.MigTime;
import io.gator.core.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpHeartbeatTest {

    @Test
    void migAgentsHeartbeatPostBodyIsCompleteAndMapsToTheDirectoryShape() {
        HttpHeartbeat hb = MigJson.read(Fixtures.read("mig-wire/http/agent-heartbeat-post-body.json"), HttpHeartbeat.class);
        assertEquals(List.of(), hb.missingFields());
        Agent a = hb.toAgent(MigTime.now());
        assertEquals("vm", a.name());
        assertEquals("127.0.0.1", a.environment().publicIp());
        assertEquals("docker", a.tags().get("build"));
        assertTrue(a.queueLoc().startsWith("linux."));
    }

    @Test
    void aHeartbeatWithoutPublicIpNamesTheMissingField() {
        ObjectNode body = (ObjectNode) MigJson.tree(Fixtures.read("mig-wire/http/agent-heartbeat-post-body.json"));
        ((ObjectNode) body.get("environment")).remove("publicIP");
        HttpHeartbeat hb = MigJson.read(body.toString(), HttpHeartbeat.class);
        assertEquals(List.of("environment.publicIP"), hb.missingFields());
    }
}
