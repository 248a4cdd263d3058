package io.gator.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.gator.agent.config.AgentSettings;
import io.gator.core.agent.AgentEnv;
import io.gator.core.command.Result;
import io.gator.relay.FakeRelay;
import java.time.Clock;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;

class RelayClientRestartTest {

    @Test
    void theSupervisorRestartsACrashedRelayClientAndTheAgentSubscribesAgain() {
        ActorTestKit kit = ActorTestKit.create();
        FakeRelay relay = new FakeRelay();
        relay.failNextConsumes.set(2);
        try {
            AgentSettings settings = AgentSettings.from(ConfigFactory.parseString("gator.agent.heartbeat-interval = 1h")
                    .withFallback(ConfigFactory.load()));
            kit.spawn(AgentGuardian.create(new AgentGuardian.Parts(settings, "linux.q", relay, c -> { },
                    (m, p) -> Result.EMPTY, Executors.newCachedThreadPool(), () -> AgentEnv.EMPTY, "t",
                    Clock.systemUTC())));
            AgentGuardianTest.await(relay::subscribed, "re-subscribed after two failures");
            assertTrue(relay.consumeCalls.get() >= 3);
        } finally {
            kit.shutdownTestKit();
        }
    }
}
