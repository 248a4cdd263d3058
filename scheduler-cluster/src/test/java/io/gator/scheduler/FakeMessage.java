package io.gator.scheduler;

import io.gator.relay.IncomingMessage;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;

/** A delivered message that records how it was settled. */
public final class FakeMessage implements IncomingMessage {
    private final String queue;
    private final byte[] body;
    public final AtomicInteger acks = new AtomicInteger();
    public final AtomicInteger nacks = new AtomicInteger();

    public FakeMessage(String queue, String body) {
        this.queue = queue;
        this.body = body.getBytes(StandardCharsets.UTF_8);
    }

    public FakeMessage(String queue, byte[] body) {
        this.queue = queue;
        this.body = body;
    }

    @Override public String queue() { return queue; }
    @Override public String routingKey() { return queue; }
    @Override public byte[] body() { return body; }
    @Override public boolean redelivered() { return false; }

    @Override
    public CompletionStage<Done> ack() {
        acks.incrementAndGet();
        return CompletableFuture.completedFuture(Done.getInstance());
    }

    @Override
    public CompletionStage<Done> nack(boolean requeue) {
        nacks.incrementAndGet();
        return CompletableFuture.completedFuture(Done.getInstance());
    }

    public boolean settled() {
        return acks.get() + nacks.get() > 0;
    }
}
