package io.gator.agent.persist;

import io.gator.core.command.Result;
import io.gator.core.module.persist.PersistentQueryModule;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A persistent module for the host's tests: answers queries with MIG's ok, throws on a query with
 * {@code {"crash":true}}, records the alerts it receives, counts its starts and keeps its last context.
 */
final class TestModule implements PersistentModule {
    final String name;
    final boolean receiver;
    final AtomicInteger starts = new AtomicInteger();
    final AtomicReference<PersistentContext> context = new AtomicReference<>();
    final List<String> received = new CopyOnWriteArrayList<>();

    final boolean onlyWhenConfigured;

    TestModule(String name, boolean receiver) {
        this(name, receiver, false);
    }

    TestModule(String name, boolean receiver, boolean onlyWhenConfigured) {
        this.name = name;
        this.receiver = receiver;
        this.onlyWhenConfigured = onlyWhenConfigured;
    }

    @Override
    public boolean startsOnlyWhenConfigured() {
        return onlyWhenConfigured;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean receivesAlerts() {
        return receiver;
    }

    @Override
    public Behavior<Message> create(PersistentContext pc) {
        pc.settings().value("test", "fail").ifPresent(v -> {
            throw new PersistentConfigException("test.fail: " + v);
        });
        pc.settings().value("test", "throw").ifPresent(v -> {
            throw new IllegalStateException(v);
        });
        starts.incrementAndGet();
        context.set(pc);
        return Behaviors.receive(Message.class)
                .onMessage(Query.class, q -> {
                    if (q.parameters().path("crash").asBoolean()) {
                        throw new IllegalStateException("asked to crash");
                    }
                    Result ok = PersistentQueryModule.ok();
                    q.replyTo().tell(ok);
                    return Behaviors.same();
                })
                .onMessage(Alert.class, a -> {
                    received.add(a.message());
                    return Behaviors.same();
                })
                .build();
    }
}
