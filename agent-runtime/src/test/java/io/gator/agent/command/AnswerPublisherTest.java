package io.gator.agent.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gator.relay.FakeRelay;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AnswerPublisherTest {
    private final ActorTestKit kit = ActorTestKit.create();
    private final FakeRelay relay = new FakeRelay();
    private final AnswerPublisher publisher = new AnswerPublisher(relay, Optional.empty(), 3, Duration.ofMillis(10),
            kit.system());

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void anAnswerWhosePublishFailsLessThanTheAttemptsIsPublished() throws Exception {
        relay.failNextPublishes.set(2);
        publisher.publish(1, "{}".getBytes()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(1, relay.published.size());
        assertEquals(0, relay.failNextPublishes.get(), "two failed attempts before the third succeeded");
    }

    @Test
    void anAnswerIsTriedExactlyTheConfiguredAttemptsBeforeItFails() {
        relay.failNextPublishes.set(4);
        assertThrows(ExecutionException.class,
                () -> publisher.publish(1, "{}".getBytes()).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals(1, relay.failNextPublishes.get(), "three attempts, then given up");
        assertEquals(0, relay.published.size());
    }
}
