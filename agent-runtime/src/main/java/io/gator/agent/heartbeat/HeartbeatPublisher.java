package io.gator.agent.heartbeat;

import io.gator.core.agent.Agent;
import io.gator.core.json.MigJson;
import io.gator.relay.OutgoingMessage;
import io.gator.relay.Relay;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Publishes the agent's heartbeat (MIG's legacy AMQP form, {@code mig.Agent} JSON on
 * {@code toschedulers}/{@code mig.agt.heartbeats}) at start and then every interval. A failed
 * publish is logged and the next beat tries again: heartbeats are state, not events.
 */
public final class HeartbeatPublisher {

    /** The publisher's protocol. */
    public sealed interface Protocol permits Beat, Sent {}

    /** Time to beat (also sent by tests). */
    public enum Beat implements Protocol { INSTANCE }

    private record Sent(OffsetDateTime at, Throwable error) implements Protocol {}

    private HeartbeatPublisher() {}

    /**
     * @param heartbeat builds the heartbeat for "now" (name, queueloc, facts, tags)
     */
    public static Behavior<Protocol> create(Relay relay, Duration interval, Clock clock,
                                       Function<OffsetDateTime, Agent> heartbeat) {
        return create(relay, interval, true, clock, heartbeat);
    }

    /**
     * @param repeat false: the beat at start only (a checkin run)
     */
    public static Behavior<Protocol> create(Relay relay, Duration interval, boolean repeat, Clock clock,
                                       Function<OffsetDateTime, Agent> heartbeat) {
        return create(relay, interval, repeat, Optional.empty(), clock, heartbeat);
    }

    /**
     * @param stamp a file rewritten after each heartbeat published ({@link HeartbeatStamp}), which
     *     {@code gator loader} watches after restarting the agent
     */
    public static Behavior<Protocol> create(Relay relay, Duration interval, boolean repeat, Optional<Path> stamp,
                                       Clock clock, Function<OffsetDateTime, Agent> heartbeat) {
        // MIG sets the AMQP expiration of agent messages to ten heartbeat intervals.
        Optional<Duration> ttl = Optional.of(interval.multipliedBy(10));
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            ctx.getSelf().tell(Beat.INSTANCE);
            if (repeat) {
                timers.startTimerWithFixedDelay(Beat.INSTANCE, interval);
            }
            return Behaviors.receive(Protocol.class)
                    .onMessageEquals(Beat.INSTANCE, () -> {
                        Agent hb = heartbeat.apply(OffsetDateTime.now(clock));
                        ctx.pipeToSelf(relay.publish(OutgoingMessage.heartbeat(MigJson.writeBytes(hb), ttl)),
                                (ok, err) -> new Sent(hb.heartbeatTs(), err));
                        return Behaviors.same();
                    })
                    .onMessage(Sent.class, s -> {
                        if (s.error() != null) {
                            ctx.getLog().warn("heartbeat not published: {}", s.error().toString());
                        } else if (stamp.isPresent()) {
                            try {
                                HeartbeatStamp.write(stamp.get(), s.at().toInstant(), ProcessHandle.current().pid());
                            } catch (java.io.IOException | RuntimeException e) {
                                ctx.getLog().warn("heartbeat stamp {} not written: {}", stamp.get(), e.toString());
                            }
                        }
                        return Behaviors.same();
                    })
                    .build();
        }));
    }
}
