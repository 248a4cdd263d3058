package io.gator.scheduler.heartbeat;

import io.gator.core.agent.Agent;
import io.gator.core.json.MigJson;
import io.gator.core.json.SafeText;
import io.gator.relay.IncomingMessage;
import io.gator.relay.MigTopology;
import io.gator.relay.Relay;
import io.gator.persistence.PersistenceException;
import io.gator.persistence.agent.AgentRepository;
import io.gator.scheduler.SchedulerSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code mig.agt.heartbeats} (legacy AMQP heartbeats, MIG's {@code mig.Agent} JSON), checks them as
 * MIG's scheduler does (size, mode, name and version length, queueloc characters, age), and upserts them
 * into {@code agents} in batches; messages are acked after their batch is committed, requeued while the
 * database is unavailable, acked and counted as rejected when invalid. A batch whose data the database refuses
 * is stored again one heartbeat at a time, so only the refused heartbeat is dropped (acked and logged).
 */
public final class HeartbeatIntake {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatIntake.class);
    private static final Pattern QUEUELOC = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:\\-]{0,1023}");

    public record Stats(long stored, long rejected, long requeued) {}

    private final AgentRepository repo;
    private final SchedulerSettings settings;
    private final Clock clock;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong requeued = new AtomicLong();

    /** Told the queuelocs of every stored heartbeat (late reach); a no-op by default. */
    private final java.util.function.Consumer<List<String>> seen;

    public HeartbeatIntake(AgentRepository repo, SchedulerSettings settings, Clock clock) {
        this(repo, settings, clock, q -> { });
    }

    public HeartbeatIntake(AgentRepository repo, SchedulerSettings settings, Clock clock,
                           java.util.function.Consumer<List<String>> seen) {
        this.repo = repo;
        this.settings = settings;
        this.clock = clock;
        this.seen = seen;
    }

    private void told(List<Agent> agents) {
        List<String> q = new ArrayList<>(agents.size());
        agents.forEach(a -> q.add(a.queueLoc()));
        seen.accept(q);
    }

    public Stats stats() {
        return new Stats(stored.get(), rejected.get(), requeued.get());
    }

    public Pair<UniqueKillSwitch, CompletionStage<Done>> run(ActorSystem<?> system, Relay relay) {
        RestartSettings restart = RestartSettings.create(Duration.ofMillis(500), Duration.ofSeconds(30), 0.2);
        return RestartSource.onFailuresWithBackoff(restart, () -> process(system,
                        relay.consume(MigTopology.HEARTBEATS, settings.heartbeatPrefetch())))
                .viaMat(KillSwitches.single(), Keep.right())
                .toMat(Sink.ignore(), Keep.both())
                .run(system);
    }

    /** The pipeline over any source; emits one Done per stored batch. JDBC runs on the blocking dispatcher. */
    public Source<Done, ?> process(ActorSystem<?> system, Source<IncomingMessage, ?> messages) {
        Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
        return messages.groupedWithin(settings.heartbeatGroupMax(), settings.heartbeatGroupWindow())
                .mapAsyncUnordered(settings.heartbeatParallelism(), batch -> store(batch, blocking));
    }

    /** The agent in a heartbeat, or why it is refused. */
    Agent parse(IncomingMessage m) {
        byte[] b = m.body();
        if (b.length > settings.heartbeatMaxBytes()) {
            throw new IllegalArgumentException("heartbeat of " + b.length + " bytes exceeds " + settings.heartbeatMaxBytes());
        }
        if (containsNul(b)) {
            // PostgreSQL holds no U+0000 in text: refused here, alone, rather than failing its whole batch
            throw new IllegalArgumentException("heartbeat contains U+0000 (" + b.length + " bytes)");
        }
        // a lone surrogate has no UTF-8 form: PostgreSQL's driver would store it as '?'
        SafeText.problemInJson(b).ifPresent(p -> {
            throw new IllegalArgumentException("heartbeat text cannot be stored: " + p);
        });
        Agent a = MigJson.read(b, Agent.class);
        if (!"daemon".equals(a.mode()) && !"checkin".equals(a.mode())) {
            throw new IllegalArgumentException("agent '" + a.name() + "': mode must be daemon or checkin, got '" + a.mode() + "'");
        }
        if (a.name().isEmpty() || a.name().length() > 1024) {
            throw new IllegalArgumentException("agent name empty or longer than 1024 characters");
        }
        if (a.version().length() > 128) {
            throw new IllegalArgumentException("agent '" + a.name() + "': version longer than 128 characters");
        }
        if (a.loaderName().length() > 1024) {
            throw new IllegalArgumentException("agent '" + a.name() + "': loader name longer than 1024 characters");
        }
        if (!QUEUELOC.matcher(a.queueLoc()).matches()) {
            throw new IllegalArgumentException("agent '" + a.name() + "': invalid queueloc '" + a.queueLoc() + "'");
        }
        if (a.pid() < 0 || a.pid() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("agent '" + a.name() + "': pid " + a.pid() + " out of range");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (a.heartbeatTs().isBefore(now.minus(settings.offlineAfter()))) {
            throw new IllegalArgumentException("agent '" + a.name() + "': heartbeat from " + a.heartbeatTs() + " is too old");
        }
        OffsetDateTime latest = now.plus(settings.heartbeatClockSkew());
        if (a.heartbeatTs().isAfter(latest) || a.startTime().isAfter(latest)) {
            // a heartbeat from the future would keep its agent online for ever
            throw new IllegalArgumentException("agent '" + a.name() + "': heartbeat " + a.heartbeatTs() + " or start "
                    + a.startTime() + " later than now + clock-skew " + settings.heartbeatClockSkew());
        }
        for (OffsetDateTime t : new OffsetDateTime[] {a.startTime(), a.refreshTs(), a.destructionTime()}) {
            if (t.getYear() < 1 || t.getYear() > 9999) {
                throw new IllegalArgumentException("agent '" + a.name() + "': time " + t + " outside years 1-9999");
            }
        }
        return a;
    }

    /** True when JSON text holds U+0000, raw or as the escape backslash-u0000 (an escaped backslash is skipped). */
    static boolean containsNul(byte[] json) {
        for (int i = 0; i < json.length; i++) {
            byte c = json[i];
            if (c == 0) {
                return true;
            }
            if (c == '\\' && i + 1 < json.length) {
                if (json[i + 1] == 'u' && i + 5 < json.length && json[i + 2] == '0' && json[i + 3] == '0'
                        && json[i + 4] == '0' && json[i + 5] == '0') {
                    return true;
                }
                i++;
            }
        }
        return false;
    }

    private void requeue(List<IncomingMessage> messages, RuntimeException err) {
        requeued.addAndGet(messages.size());
        log.warn("{} heartbeats not stored, requeued: {}", messages.size(), err.toString());
        messages.forEach(m -> m.nack(true));
    }

    private void storeOneByOne(List<Agent> agents, List<IncomingMessage> messages) {
        for (int i = 0; i < agents.size(); i++) {
            Agent a = agents.get(i);
            IncomingMessage m = messages.get(i);
            try {
                repo.upsertRelayedHeartbeats(List.of(a), OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
                stored.incrementAndGet();
                m.ack();
                told(List.of(a));
            } catch (RuntimeException err) {
                if (!refusedData(err)) {
                    requeue(List.of(m), err);
                    continue;
                }
                rejected.incrementAndGet();
                log.warn("heartbeat of {} ('{}') refused by the database, dropped: {}", a.queueLoc(), a.name(),
                        err.getCause() == null ? err.toString() : err.getCause().getMessage());
                m.ack();
            }
        }
    }

    /** The data itself was refused (sending it again fails again), as opposed to the database being unavailable. */
    private static boolean refusedData(RuntimeException e) {
        return e instanceof IllegalArgumentException || e instanceof PersistenceException p && p.isDataError();
    }

    /** Parses and upserts one batch on the blocking pool (batches run in parallel, so JSON parsing does too). */
    private CompletionStage<Done> store(List<IncomingMessage> batch, Executor blocking) {
        return CompletableFuture.supplyAsync(() -> {
            List<Agent> agents = new ArrayList<>(batch.size());
            List<IncomingMessage> valid = new ArrayList<>(batch.size());
            for (IncomingMessage m : batch) {
                try {
                    agents.add(parse(m));
                    valid.add(m);
                } catch (RuntimeException e) {
                    rejected.incrementAndGet();
                    log.warn("heartbeat rejected: {}", e.getMessage());
                    m.ack();
                }
            }
            if (agents.isEmpty()) {
                return Done.getInstance();
            }
            try {
                repo.upsertRelayedHeartbeats(agents, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
            } catch (RuntimeException err) {
                if (refusedData(err)) {
                    // one row the database refuses must not take the batch with it: each alone, the bad one dropped
                    storeOneByOne(agents, valid);
                } else {
                    requeue(valid, err);
                }
                return Done.getInstance();
            }
            // acked only once the batch is committed
            stored.addAndGet(agents.size());
            valid.forEach(IncomingMessage::ack);
            told(agents);
            return Done.getInstance();
        }, blocking).exceptionally(e -> {
            log.warn("heartbeat batch failed: {}", e.toString());
            return Done.getInstance();
        });
    }
}
