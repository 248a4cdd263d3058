package io.gator.scheduler.action;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The cluster-wide dispatch pace ({@code gator.scheduler.dispatch}): every scheduler node holds one throttle
 * sharing the cluster's rate, burst and in-flight cap equally among the scheduler nodes that are up (recomputed
 * on every membership change). An action's {@link CommandSender} asks it for a turn per command when the cluster
 * is paced; the action's own {@link Pacing} applies first, so the stricter of the two wins. With the defaults
 * (rate and in-flight 0) no throttle runs and senders never ask.
 */
public final class DispatchPace implements Extension {

    /** {@code gator.scheduler.dispatch} (see reference.conf). */
    public record Settings(int rate, int burst, int inFlight, Duration actionBurstWindow, int waitingMax,
                           Duration tick) {
        public static Settings from(Config root) {
            Config c = root.getConfig("gator.scheduler.dispatch");
            Settings s = new Settings(c.getInt("rate"), c.getInt("burst"), c.getInt("in-flight"),
                    c.getDuration("action-burst-window"), c.getInt("waiting-max"), c.getDuration("tick"));
            if (s.rate < 0 || s.burst < 1 || s.inFlight < 0 || s.waitingMax < 1 || s.tick.isZero()
                    || s.tick.isNegative() || s.actionBurstWindow.isNegative()) {
                throw new IllegalArgumentException("gator.scheduler.dispatch: rate and in-flight must be >= 0, "
                        + "burst and waiting-max >= 1, tick > 0, action-burst-window >= 0; got " + s);
            }
            return s;
        }

        /** Whether the cluster limits dispatch at all. */
        public boolean paced() {
            return rate > 0 || inFlight > 0;
        }

        /** An action's burst: its rate over {@code action-burst-window} (at least one command). */
        double actionBurst(int actionRate) {
            return Math.max(1, actionRate * (actionBurstWindow.toNanos() / 1e9));
        }
    }

    // ---------------------------------------------------------------- the node's throttle

    public sealed interface Msg {}

    /** One command of {@code sender} wants to go: answered {@link Granted} in turn, or {@link Refused}. */
    public record Acquire(ActorRef<Reply> sender) implements Msg {}

    /** {@code n} of the sender's granted commands were answered (results arrived): their slots are free. */
    public record Release(ActorRef<Reply> sender, int n) implements Msg {}

    /** The scheduler nodes up now (at least 1). */
    public record SchedulersUp(int count) implements Msg {}

    /** How many commands hold a slot and wait, for tests and logs. */
    public record GetState(ActorRef<Snapshot> replyTo) implements Msg {}

    public record Snapshot(int schedulers, int ratePerNode, int inFlightPerNode, int held, int waiting) {}

    private enum Tick implements Msg { INSTANCE }

    private record SenderGone(ActorRef<Reply> sender) implements Msg {}

    private record Membership(ClusterEvent.MemberEvent event) implements Msg {}

    public sealed interface Reply {}

    public enum Granted implements Reply { INSTANCE }

    public record Refused(String reason) implements Reply {}

    /** The node's throttle; {@code watchMembers} follows the scheduler nodes up (cluster provider only). */
    public static Behavior<Msg> throttle(Settings settings, boolean watchMembers) {
        return throttle(settings, watchMembers, System::nanoTime);
    }

    /** With the clock its bucket reads (nanoseconds; tests move it with their manual time). */
    static Behavior<Msg> throttle(Settings settings, boolean watchMembers, java.util.function.LongSupplier nanos) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            Throttle t = new Throttle(settings, ctx, timers, nanos);
            if (watchMembers) {
                ActorRef<ClusterEvent.MemberEvent> adapter =
                        ctx.messageAdapter(ClusterEvent.MemberEvent.class, Membership::new);
                Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(adapter, ClusterEvent.MemberEvent.class));
            }
            return t.behavior();
        }));
    }

    private static final class Throttle {
        private final Settings settings;
        private final ActorContext<Msg> ctx;
        private final TimerScheduler<Msg> timers;
        private final ArrayDeque<ActorRef<Reply>> waiting = new ArrayDeque<>();
        /** Granted and not released, per sender (a sender that stops frees its slots). */
        private final Map<ActorRef<Reply>, Integer> heldBy = new HashMap<>();
        private int held;
        private int schedulers = 1;
        private TokenBucket bucket;
        private boolean refusedLogged;
        private final java.util.function.LongSupplier nanos;

        Throttle(Settings settings, ActorContext<Msg> ctx, TimerScheduler<Msg> timers,
                 java.util.function.LongSupplier nanos) {
            this.settings = settings;
            this.ctx = ctx;
            this.timers = timers;
            this.nanos = nanos;
            this.bucket = settings.rate() > 0 ? new TokenBucket(ratePerNode(), burstPerNode(), nanos.getAsLong()) : null;
        }

        private double ratePerNode() {
            return (double) settings.rate() / schedulers;
        }

        private double burstPerNode() {
            return (double) settings.burst() / schedulers;
        }

        private int inFlightPerNode() {
            return settings.inFlight() == 0 ? 0 : Math.max(1, settings.inFlight() / schedulers);
        }

        Behavior<Msg> behavior() {
            return Behaviors.receive(Msg.class)
                    .onMessage(Acquire.class, this::onAcquire)
                    .onMessage(Release.class, m -> {
                        release(m.sender(), m.n());
                        drain();
                        return Behaviors.same();
                    })
                    .onMessageEquals(Tick.INSTANCE, () -> {
                        bucket.refill(nanos.getAsLong());
                        drain();
                        bucket.settle();
                        return Behaviors.same();
                    })
                    .onMessage(SenderGone.class, m -> {
                        waiting.removeIf(m.sender()::equals);
                        release(m.sender(), Integer.MAX_VALUE);
                        drain();
                        return Behaviors.same();
                    })
                    .onMessage(Membership.class, m -> {
                        schedulersUp(upSchedulers());
                        return Behaviors.same();
                    })
                    .onMessage(SchedulersUp.class, m -> {
                        schedulersUp(m.count());
                        return Behaviors.same();
                    })
                    .onMessage(GetState.class, m -> {
                        m.replyTo().tell(new Snapshot(schedulers, (int) Math.round(settings.rate() == 0 ? 0 : ratePerNode()),
                                inFlightPerNode(), held, waiting.size()));
                        return Behaviors.same();
                    })
                    .build();
        }

        private Behavior<Msg> onAcquire(Acquire m) {
            if (waiting.size() >= settings.waitingMax()) {
                String reason = "dispatch pace: " + waiting.size() + " commands already wait for their turn on this "
                        + "node (gator.scheduler.dispatch.waiting-max = " + settings.waitingMax() + ")";
                if (!refusedLogged) {
                    ctx.getLog().error(reason);
                    refusedLogged = true;
                }
                m.sender().tell(new Refused(reason));
                return Behaviors.same();
            }
            refusedLogged = false;
            if (!heldBy.containsKey(m.sender())) {
                heldBy.put(m.sender(), 0);
                ctx.watchWith(m.sender(), new SenderGone(m.sender()));
            }
            waiting.add(m.sender());
            drain();
            return Behaviors.same();
        }

        private void release(ActorRef<Reply> sender, int n) {
            Integer h = heldBy.get(sender);
            if (h == null) {
                return;
            }
            int freed = Math.min(h, n);
            held -= freed;
            if (n == Integer.MAX_VALUE) {
                heldBy.remove(sender); // stopped: watched no more
            } else {
                heldBy.put(sender, h - freed);
            }
        }

        private void drain() {
            int cap = inFlightPerNode();
            while (!waiting.isEmpty() && (cap == 0 || held < cap) && (bucket == null || bucket.tryTake())) {
                ActorRef<Reply> s = waiting.poll();
                heldBy.merge(s, 1, Integer::sum);
                held++;
                s.tell(Granted.INSTANCE);
            }
            // ticks run while the bucket refills; a full, idle bucket costs nothing
            if (bucket != null && (!waiting.isEmpty() || !bucket.full())) {
                if (!timers.isTimerActive(Tick.INSTANCE)) {
                    bucket.restart(nanos.getAsLong());
                    timers.startTimerAtFixedRate(Tick.INSTANCE, Tick.INSTANCE, settings.tick());
                }
            } else {
                timers.cancel(Tick.INSTANCE);
            }
        }

        private void schedulersUp(int count) {
            int n = Math.max(1, count);
            if (n == schedulers) {
                return;
            }
            schedulers = n;
            if (bucket != null) {
                bucket = bucket.withRate(ratePerNode(), burstPerNode(), nanos.getAsLong());
            }
            ctx.getLog().info("dispatch pace: {} scheduler nodes up, this node sends at most {} commands/s, {} in flight",
                    n, settings.rate() == 0 ? "unlimited" : String.format("%.1f", ratePerNode()),
                    settings.inFlight() == 0 ? "unlimited" : Integer.toString(inFlightPerNode()));
            drain();
        }

        private int upSchedulers() {
            int n = 0;
            for (org.apache.pekko.cluster.Member m : Cluster.get(ctx.getSystem()).state().getMembers()) {
                if (m.status() == MemberStatus.up() && m.hasRole("scheduler")) {
                    n++;
                }
            }
            return n;
        }
    }

    // ---------------------------------------------------------------- extension

    private static final ExtensionId<DispatchPace> ID = new ExtensionId<>() {
        @Override
        public DispatchPace createExtension(ActorSystem<?> system) {
            return new DispatchPace(system);
        }
    };

    public static DispatchPace get(ActorSystem<?> system) {
        return system.registerExtension(ID);
    }

    private final Settings settings;
    private final Optional<ActorRef<Msg>> node;
    private final java.util.function.LongSupplier nanos;

    private DispatchPace(ActorSystem<?> system) {
        nanos = System::nanoTime;
        settings = Settings.from(system.settings().config());
        boolean cluster = "cluster".equals(system.settings().config().getString("pekko.actor.provider"));
        node = settings.paced()
                ? Optional.of(system.systemActorOf(throttle(settings, cluster), "gator-dispatch-pace", Props.empty()))
                : Optional.empty();
    }

    /** For tests: settings, a throttle and a clock (nanoseconds) of one's own. */
    DispatchPace(Settings settings, Optional<ActorRef<Msg>> node, java.util.function.LongSupplier nanos) {
        this.settings = settings;
        this.node = node;
        this.nanos = nanos;
    }

    /** The clock the token buckets read. */
    long nanoTime() {
        return nanos.getAsLong();
    }

    public Settings settings() {
        return settings;
    }

    /** The node's throttle; empty when the cluster is not paced. */
    public Optional<ActorRef<Msg>> node() {
        return node;
    }
}
