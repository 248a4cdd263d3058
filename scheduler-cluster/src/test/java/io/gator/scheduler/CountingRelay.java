package io.gator.scheduler;

import io.gator.core.command.Command;
import io.gator.core.json.MigJson;
import io.gator.relay.ForwardingRelay;
import io.gator.relay.MigTopology;
import io.gator.relay.OutgoingMessage;
import io.gator.relay.Relay;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.Done;

/**
 * One scheduler node's view of a shared relay: records every confirmed command publish by command id and
 * node name (in a map shared by the nodes), so a test knows which node owns an action and whether any
 * command left twice. Closing it does not close the shared relay.
 */
public final class CountingRelay extends ForwardingRelay {
    private final String node;
    private final Map<Long, List<String>> publishes;

    public CountingRelay(Relay delegate, String node, Map<Long, List<String>> publishes) {
        super(delegate);
        this.node = node;
        this.publishes = publishes;
    }

    public static Map<Long, List<String>> newLedger() {
        return new ConcurrentHashMap<>();
    }

    @Override
    public CompletionStage<Done> publish(OutgoingMessage message) {
        return delegate.publish(message).thenApply(d -> {
            if (MigTopology.TO_AGENTS.equals(message.exchange())) {
                long id = MigJson.read(message.body(), Command.class).id();
                publishes.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(node);
            }
            return d;
        });
    }

    @Override
    public void close() {} // the relay is shared by the nodes
}
