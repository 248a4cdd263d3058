package io.gator.scheduler;

import io.gator.core.agent.Agent;
import io.gator.core.agent.AgentEnv;
import io.gator.core.command.Command;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.relay.IncomingMessage;
import io.gator.relay.MigTopology;
import io.gator.relay.OutgoingMessage;
import io.gator.relay.Relay;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Agents simulated over a relay, as MIG agents behave on the wire: each consumes its queue
 * {@code mig.agt.<queueloc>}, acks the command, and publishes the command back with status success to
 * {@code toschedulers}/{@code mig.agt.results}. Answers leave one by one every {@code pace}, and only as many
 * as {@link #allow(int)} permits (so a test decides when the action may progress). Records how many times
 * each command id was delivered.
 */
public final class SimulatedAgents implements AutoCloseable {
    public final List<String> queueLocs;
    /** command id -> deliveries to an agent (a redelivery after a lost ack counts too). */
    public final Map<Long, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    public final AtomicInteger answered = new AtomicInteger();
    private final Relay relay;
    private final Duration pace;
    private final LinkedBlockingQueue<byte[]> held = new LinkedBlockingQueue<>();
    private final Semaphore permits = new Semaphore(0);
    private final List<UniqueKillSwitch> streams = new ArrayList<>();
    private final Thread answerer;
    private volatile boolean closed;

    public SimulatedAgents(Relay relay, String prefix, int n, Duration pace) {
        this.relay = relay;
        this.pace = pace;
        List<String> q = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            q.add(prefix + "-" + i);
        }
        this.queueLocs = List.copyOf(q);
        this.answerer = new Thread(this::answerLoop, "simulated-agents-answerer");
        this.answerer.setDaemon(true);
    }

    /** The agents as heartbeats would register them (status online). */
    public List<Agent> heartbeats() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Agent> out = new ArrayList<>();
        for (int i = 0; i < queueLocs.size(); i++) {
            out.add(Agent.of("host-" + queueLocs.get(i), queueLocs.get(i)).withMode("daemon")
                    .withProcess("20260101-0.sim", 1000 + i).withTimes(now, now, now).withStatus("online")
                    .withEnvironment(AgentEnv.of("systemd", "Ubuntu", "linux", "amd64").withModules(List.of("file"))));
        }
        return out;
    }

    /** Declares every agent queue and starts consuming them (and the answering thread). */
    public SimulatedAgents start(ActorSystem<?> system) throws Exception {
        for (String q : queueLocs) {
            relay.declareAgentQueue(q).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        for (String q : queueLocs) {
            streams.add(relay.consume(MigTopology.agentQueue(q), 5)
                    .viaMat(KillSwitches.single(), Keep.right())
                    .to(Sink.foreach(this::onCommand))
                    .run(system));
        }
        answerer.start();
        return this;
    }

    /** Lets {@code n} more answers leave. */
    public void allow(int n) {
        permits.release(n);
    }

    /** Lets every answer leave from now on. */
    public void allowAll() {
        permits.release(Integer.MAX_VALUE / 2);
    }

    /** Commands delivered more than once. */
    public Map<Long, Integer> deliveredTwice() {
        Map<Long, Integer> out = new java.util.TreeMap<>();
        deliveries.forEach((id, n) -> {
            if (n.get() > 1) {
                out.put(id, n.get());
            }
        });
        return out;
    }

    private void onCommand(IncomingMessage m) {
        Command c = MigJson.read(m.body(), Command.class);
        deliveries.computeIfAbsent(c.id(), k -> new AtomicInteger()).incrementAndGet();
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < c.action().operations().size(); i++) {
            results.add(Result.EMPTY);
        }
        held.add(MigJson.writeBytes(c.answered("success", results)));
        m.ack();
    }

    private void answerLoop() {
        while (!closed) {
            try {
                byte[] answer = held.poll(50, TimeUnit.MILLISECONDS);
                if (answer == null) {
                    continue;
                }
                while (!closed && !permits.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                    // held until the test allows it
                }
                publishUntilConfirmed(answer);
                answered.incrementAndGet();
                if (!pace.isZero()) {
                    Thread.sleep(pace.toMillis());
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** An agent retries its result publish until the broker confirms it (MIG agents reconnect and resend). */
    private void publishUntilConfirmed(byte[] body) throws InterruptedException {
        long backoff = 50;
        while (!closed) {
            try {
                relay.publish(OutgoingMessage.result(body, Optional.empty())).toCompletableFuture().get(10, TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                Thread.sleep(backoff);
                backoff = Math.min(1000, backoff * 2);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        streams.forEach(UniqueKillSwitch::shutdown);
        answerer.interrupt();
    }
}
