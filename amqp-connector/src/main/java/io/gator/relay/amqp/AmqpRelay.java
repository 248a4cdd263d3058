package io.gator.relay.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.gator.core.tls.PemTls;
import io.gator.relay.ConsumerSink;
import io.gator.relay.IncomingMessage;
import io.gator.relay.MigTopology;
import io.gator.relay.OutgoingMessage;
import io.gator.relay.Relay;
import io.gator.relay.RelayException;
import io.gator.relay.RelayUnavailableException;
import io.gator.relay.StaleDeliveryException;
import io.gator.relay.UnroutableException;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.NotUsed;
import org.apache.pekko.dispatch.ExecutionContexts;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Relay} on RabbitMQ's amqp-client: MIG's topology and message properties, publisher
 * confirms on {@code publish-channels} dedicated confirm channels (round robin) with many publishes in flight
 * and confirms tracked asynchronously (one broker ack may settle many publishes), consumers as Pekko
 * Streams sources with manual acks, and its own reconnect loop, Pekko's {@code Patterns.retry} with exponential
 * backoff (amqp-client's automatic recovery is off: confirm sequence numbers and delivery tags restart
 * with each channel, so this class owns the channel lifecycle).
 *
 * <p>While there is no connection, {@link #publish} fails fast with {@link RelayUnavailableException}
 * (callers retry with backoff); publishes waiting for a confirm when the connection dies fail with
 * the same exception (the message may or may not have reached the broker). Consumers re-subscribe on
 * reconnect; unacked deliveries come back from the broker with the redelivered flag, and settling a
 * delivery of a dead channel completes with {@link StaleDeliveryException}.
 *
 * <p>This is the one class to swap for Pekko Connectors AMQP.
 */
public final class AmqpRelay implements Relay {
    private static final Logger log = LoggerFactory.getLogger(AmqpRelay.class);
    /** Threads for blocking broker calls (connect, declares, subscribes, channel closes). */
    private static final int IO_THREADS = 16;

    private final AmqpSettings settings;
    private final ConnectionFactory factory;
    private final ScheduledExecutorService timer;
    /** Pekko's view of {@link #timer}, for {@link Patterns#retry}. */
    private final TimerScheduler scheduler;
    private final ExecutorService io;
    /** Consumer callbacks' threads when settings name a number (the agent: one), else null: the client's own. */
    private final ExecutorService consumers;
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    /** Whether a connect loop ({@link #connectWithBackoff}) is running. */
    private final AtomicBoolean reconnecting = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong connects = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong failedConnects = new java.util.concurrent.atomic.AtomicLong();
    private final Object connectLock = new Object();
    private volatile Connection connection;
    /** The confirm channels of the current connection; empty while disconnected. */
    private volatile ConfirmChannel[] publishers = new ConfirmChannel[0];
    private final AtomicInteger nextPublisher = new AtomicInteger();
    private volatile boolean closed;

    private AmqpRelay(AmqpSettings settings) {
        this.settings = settings;
        this.factory = factory(settings);
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("gator-relay-timer"));
        this.scheduler = new TimerScheduler(timer);
        // bounded: a fleet declaring 10,000 agent queues at once queues its declares instead of starting a thread each
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(IO_THREADS,
                IO_THREADS, 30, TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
                daemon("gator-relay-io"));
        pool.allowCoreThreadTimeOut(true);
        this.io = pool;
        if (settings.consumerThreads() > 0) {
            // the AMQP client otherwise starts two consumer threads per core, and a thread of its own for heartbeat
            // frames: a lean client (the agent) runs its callbacks on these and its heartbeats on the timer
            this.consumers = Executors.newFixedThreadPool(settings.consumerThreads(), daemon("gator-relay-consumer"));
            factory.setSharedExecutor(consumers);
            factory.setHeartbeatExecutor(timer);
        } else {
            this.consumers = null;
        }
        // one sweep for all confirm timeouts instead of a timer task per publish
        long sweep = Math.max(10, Math.min(1000, settings.confirmTimeout().toMillis() / 10));
        timer.scheduleWithFixedDelay(() -> {
            for (ConfirmChannel p : publishers) {
                p.expire(System.nanoTime());
            }
        }, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    /**
     * Creates the relay and tries to connect once, synchronously; if the broker is unreachable it
     * keeps trying in the background with backoff (see {@link #isConnected()}).
     */
    public static AmqpRelay start(AmqpSettings settings) {
        AmqpRelay relay = new AmqpRelay(settings);
        relay.connectWithBackoff();
        return relay;
    }

    /** Whether a connection with a confirm channel is up right now. */
    public boolean isConnected() {
        if (closed) {
            return false;
        }
        for (ConfirmChannel p : publishers) {
            if (p.channel.isOpen()) {
                return true;
            }
        }
        return false;
    }

    /** How many connections this relay has opened so far (1 + reconnects); for metrics and tests. */
    public long connectCount() {
        return connects.get();
    }

    /** How many connection attempts have failed so far; for metrics and tests. */
    public long failedConnectCount() {
        return failedConnects.get();
    }

    /** The settings in use. */
    public AmqpSettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- connection

    private static ConnectionFactory factory(AmqpSettings s) {
        ConnectionFactory f = new ConnectionFactory();
        boolean tls = "amqps".equals(s.uri().getScheme());
        f.setHost(s.uri().getHost());
        f.setPort(s.uri().getPort() > 0 ? s.uri().getPort() : tls ? 5671 : 5672);
        String userInfo = s.uri().getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            f.setUsername(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                f.setPassword(decode(userInfo.substring(colon + 1)));
            }
        }
        f.setVirtualHost(s.vhost());
        f.setRequestedHeartbeat((int) Math.max(1, s.heartbeat().toSeconds()));
        f.setConnectionTimeout((int) s.connectionTimeout().toMillis());
        f.setHandshakeTimeout((int) s.connectionTimeout().toMillis());
        f.setAutomaticRecoveryEnabled(false);
        f.setTopologyRecoveryEnabled(false);
        if (tls) {
            f.useSslProtocol(PemTls.sslContext(s.caFile(), s.certFile(), s.keyFile(), "gator.relay.amqp.tls"));
            f.enableHostnameVerification();
        }
        return f;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /**
     * Connects, with Pekko's exponential backoff between failed attempts, until connected or closed. The first
     * attempt runs on the calling thread; one reconnect loop at a time.
     */
    private void connectWithBackoff() {
        if (closed || !reconnecting.compareAndSet(false, true)) {
            return;
        }
        Patterns.retry(this::connectOnce, Integer.MAX_VALUE, settings.minBackoff(), settings.maxBackoff(),
                settings.randomFactor(), scheduler,
                ExecutionContexts.fromExecutor(io, e -> log.debug("relay reconnect step not run (closing)", e)))
                .whenComplete((done, e) -> {
                    reconnecting.set(false);
                    // a connection lost while this loop was finishing found it still running: go again
                    if (!closed && !isConnected()) {
                        io.execute(this::connectWithBackoff);
                    }
                });
    }

    /** One attempt: completes when connected (or closed), fails when the broker could not be reached. */
    private CompletionStage<Done> connectOnce() {
        synchronized (connectLock) {
            if (closed || isConnected()) {
                return CompletableFuture.completedFuture(Done.getInstance());
            }
            Connection c = null;
            try {
                c = factory.newConnection(settings.connectionName());
                Connection conn = c;
                c.addShutdownListener(cause -> onConnectionLost(conn, cause));
                ConfirmChannel[] cc = new ConfirmChannel[settings.publishChannels()];
                for (int i = 0; i < cc.length; i++) {
                    cc[i] = new ConfirmChannel(c.createChannel());
                }
                publishers = cc;
                connection = c;
                connects.incrementAndGet();
                log.info("relay connected to {}:{} vhost '{}' as '{}'", factory.getHost(), factory.getPort(),
                        settings.vhost(), settings.connectionName());
            } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
                log.warn("relay cannot connect to {}:{} vhost '{}': {}", factory.getHost(), factory.getPort(),
                        settings.vhost(), e.toString());
                if (c != null) {
                    c.abort();
                }
                failedConnects.incrementAndGet();
                return CompletableFuture.failedFuture(e);
            }
        }
        for (Subscription s : subscriptions) {
            s.subscribe(connection);
        }
        return CompletableFuture.completedFuture(Done.getInstance());
    }

    private void onConnectionLost(Connection c, ShutdownSignalException cause) {
        if (closed || cause.isInitiatedByApplication() && connection != c) {
            return;
        }
        log.warn("relay connection lost: {}", cause.getMessage());
        // not on the client's connection thread, which is delivering this very shutdown
        io.execute(this::connectWithBackoff);
    }

    // ---------------------------------------------------------------- topology

    @Override
    public CompletionStage<Done> declareSchedulerTopology() {
        return withChannel(ch -> {
            ch.exchangeDeclare(MigTopology.TO_AGENTS, BuiltinExchangeType.DIRECT, true, false, false, null);
            ch.exchangeDeclare(MigTopology.TO_SCHEDULERS, BuiltinExchangeType.DIRECT, true, false, false, null);
            for (String q : new String[] {MigTopology.RESULTS, MigTopology.HEARTBEATS}) {
                ch.queueDeclare(q, true, false, false, null);
                ch.queueBind(q, MigTopology.TO_SCHEDULERS, q);
            }
        });
    }

    @Override
    public CompletionStage<Done> declareAgentQueue(String queueLoc) {
        if (queueLoc == null || queueLoc.isBlank()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("queueLoc must not be blank"));
        }
        String q = MigTopology.agentQueue(queueLoc);
        return withChannel(ch -> {
            ch.queueDeclare(q, true, false, false, null);
            ch.queueBind(q, MigTopology.TO_AGENTS, q);
        });
    }

    private interface ChannelWork {
        void run(Channel ch) throws IOException;
    }

    private CompletionStage<Done> withChannel(ChannelWork work) {
        return CompletableFuture.supplyAsync(() -> {
            Connection c = connection;
            if (closed || c == null || !c.isOpen()) {
                throw new RelayUnavailableException("no connection to the broker; retry later");
            }
            try {
                Channel ch = c.createChannel();
                try {
                    work.run(ch);
                } finally {
                    if (ch.isOpen()) {
                        ch.close();
                    }
                }
                return Done.getInstance();
            } catch (IOException | java.util.concurrent.TimeoutException | AlreadyClosedException e) {
                throw new RelayException("declaring topology failed: " + rootMessage(e), e);
            }
        }, io);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    // ---------------------------------------------------------------- publish

    @Override
    public CompletionStage<Done> publish(OutgoingMessage message) {
        if (closed) {
            return CompletableFuture.failedFuture(new RelayUnavailableException("relay is closed"));
        }
        ConfirmChannel[] ps = publishers;
        // round robin over the open channels (a channel the broker closed alone is skipped)
        int start = Math.floorMod(nextPublisher.getAndIncrement(), Math.max(1, ps.length));
        for (int k = 0; k < ps.length; k++) {
            ConfirmChannel p = ps[(start + k) % ps.length];
            if (p.channel.isOpen()) {
                return p.publish(message, properties(message));
            }
        }
        return CompletableFuture.failedFuture(new RelayUnavailableException(
                "no connection to the broker (reconnecting); retry later"));
    }

    /** MIG's properties: text/plain, persistent, expiration when present, timestamp; nothing else. */
    AMQP.BasicProperties properties(OutgoingMessage m) {
        AMQP.BasicProperties.Builder b = new AMQP.BasicProperties.Builder()
                .contentType(MigTopology.CONTENT_TYPE)
                .deliveryMode(2)
                .timestamp(Date.from(m.timestamp()));
        m.expiration().ifPresent(ttl -> {
            switch (settings.expiration()) {
                case RELATIVE -> b.expiration(Long.toString(ttl.toMillis()));
                case ABSOLUTE -> b.expiration(Long.toString(m.timestamp().plus(ttl).toEpochMilli()));
                case OFF -> { }
            }
        });
        return b.build();
    }

    private static final class Pending {
        final OutgoingMessage message;
        final CompletableFuture<Done> future = new CompletableFuture<>();
        final long deadline;
        volatile UnroutableException returned;

        Pending(OutgoingMessage message, long deadline) {
            this.message = message;
            this.deadline = deadline;
        }

        void settle() {
            UnroutableException r = returned;
            if (r != null) {
                future.completeExceptionally(r);
            } else {
                future.complete(Done.getInstance());
            }
        }
    }

    /** One confirm-mode channel and its outstanding publishes by sequence number. */
    private final class ConfirmChannel {
        final Channel channel;
        final ConcurrentSkipListMap<Long, Pending> outstanding = new ConcurrentSkipListMap<>();

        ConfirmChannel(Channel channel) throws IOException {
            this.channel = channel;
            channel.confirmSelect();
            channel.addConfirmListener(new ConfirmListener() {
                @Override
                public void handleAck(long seq, boolean multiple) {
                    settle(seq, multiple, null);
                }

                @Override
                public void handleNack(long seq, boolean multiple) {
                    settle(seq, multiple, new RelayException("the broker refused (nacked) the message"));
                }
            });
            // basic.return precedes the basic.ack of the same message on the channel; the return carries no
            // sequence number and MIG's messages no id, so match the oldest unreturned outstanding publish.
            channel.addReturnListener((code, text, exchange, routingKey, props, body) -> {
                for (Pending p : outstanding.values()) {
                    if (p.returned == null && p.message.exchange().equals(exchange)
                            && p.message.routingKey().equals(routingKey) && Arrays.equals(p.message.body(), body)) {
                        p.returned = new UnroutableException(exchange, routingKey, code + " " + text);
                        return;
                    }
                }
            });
            channel.addShutdownListener(cause -> {
                RelayUnavailableException e = new RelayUnavailableException(
                        "connection lost before the broker confirmed the message (it may or may not have been"
                                + " delivered): " + cause.getMessage(), cause);
                for (Map.Entry<Long, Pending> en; (en = outstanding.pollFirstEntry()) != null; ) {
                    en.getValue().future.completeExceptionally(e);
                }
            });
        }

        private void settle(long seq, boolean multiple, RelayException failure) {
            if (multiple) {
                ConcurrentNavigableMap<Long, Pending> head = outstanding.headMap(seq, true);
                for (Map.Entry<Long, Pending> en; (en = head.pollFirstEntry()) != null; ) {
                    complete(en.getValue(), failure);
                }
            } else {
                Pending p = outstanding.remove(seq);
                if (p != null) {
                    complete(p, failure);
                }
            }
        }

        private void complete(Pending p, RelayException failure) {
            if (failure != null) {
                p.future.completeExceptionally(failure);
            } else {
                p.settle();
            }
        }

        CompletionStage<Done> publish(OutgoingMessage m, AMQP.BasicProperties props) {
            Pending p = new Pending(m, System.nanoTime() + settings.confirmTimeout().toNanos());
            long seq;
            synchronized (this) {
                seq = channel.getNextPublishSeqNo();
                outstanding.put(seq, p);
                try {
                    channel.basicPublish(m.exchange(), m.routingKey(), true, false, props, m.body());
                } catch (IOException | AlreadyClosedException e) {
                    outstanding.remove(seq);
                    p.future.completeExceptionally(new RelayUnavailableException(
                            "publish failed, connection lost: " + e.getMessage(), e));
                    return p.future;
                }
            }
            return p.future;
        }

        /** Fails publishes older than the confirm timeout; outstanding is in publish order, so stop at the first young one. */
        void expire(long now) {
            for (Map.Entry<Long, Pending> en = outstanding.firstEntry(); en != null && now - en.getValue().deadline > 0;
                    en = outstanding.firstEntry()) {
                if (outstanding.remove(en.getKey(), en.getValue())) {
                    en.getValue().future.completeExceptionally(new java.util.concurrent.TimeoutException(
                            "no publisher confirm within " + settings.confirmTimeout() + " for exchange '"
                                    + en.getValue().message.exchange() + "', routing key '"
                                    + en.getValue().message.routingKey() + "'"));
                }
            }
        }
    }

    // ---------------------------------------------------------------- consume

    @Override
    public Source<IncomingMessage, ?> consume(String queue, int prefetch) {
        checkConsume(queue, prefetch);
        // Room for prefetch live deliveries plus the stale ones of one dead channel still in the buffer; live
        // deliveries can never exceed prefetch because the broker stops at prefetch unacked per channel.
        return Source.<IncomingMessage>queue(2 * prefetch)
                .mapMaterializedValue(q -> start(new Subscription(queue, prefetch,
                        ConsumerSink.<Delivery>toStream(q))))
                .watchTermination((s, done) -> {
                    done.whenComplete((d, e) -> s.cancel());
                    return NotUsed.notUsed();
                })
                // deliveries of a dead channel come back from the broker; drop the stale copies
                .filter(m -> ((Delivery) m).live());
    }

    /** Consumes without Pekko Streams (see {@link Relay#subscribe}): deliveries of dead channels are dropped. */
    @Override
    public ConsumerHandle subscribe(String queue, int prefetch, Consumer<IncomingMessage> onMessage,
                                    ClassicActorSystemProvider system) {
        checkConsume(queue, prefetch);
        // a dead channel's delivery is stale: the broker delivers it again
        ConsumerSink.ToCallback<Delivery> out = new ConsumerSink.ToCallback<>(onMessage, Delivery::live);
        Subscription s = start(new Subscription(queue, prefetch, out));
        return new ConsumerHandle() {
            @Override
            public void cancel() {
                s.cancel();
                out.end(null);
            }

            @Override
            public CompletionStage<Done> ended() {
                return out.ended();
            }
        };
    }

    private static void checkConsume(String queue, int prefetch) {
        if (queue == null || queue.isBlank()) {
            throw new IllegalArgumentException("queue must not be blank");
        }
        if (prefetch < 1 || prefetch > 65535) {
            throw new IllegalArgumentException("prefetch must be in 1..65535, got " + prefetch);
        }
    }

    /** Registers a subscription and subscribes it on the current connection (later ones re-subscribe it). */
    private Subscription start(Subscription s) {
        if (closed) {
            s.out.end(null);
            return s;
        }
        subscriptions.add(s);
        Connection c = connection;
        if (c != null && c.isOpen()) {
            io.execute(() -> s.subscribe(c));
        }
        return s;
    }

    /** One consumer: re-subscribed on every new connection until cancelled. */
    private final class Subscription {
        final String queue;
        final int prefetch;
        final ConsumerSink<Delivery> out;
        volatile boolean cancelled;
        private Connection subscribedOn;
        private Channel channel;

        Subscription(String queue, int prefetch, ConsumerSink<Delivery> out) {
            this.queue = queue;
            this.prefetch = prefetch;
            this.out = out;
        }

        synchronized void subscribe(Connection c) {
            if (cancelled || c == null || c == subscribedOn || !c.isOpen()) {
                return;
            }
            subscribedOn = c;
            try {
                Channel ch = c.createChannel();
                ch.basicQos(prefetch);
                channel = ch;
                ch.basicConsume(queue, false, new DefaultConsumer(ch) {
                    @Override
                    public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body) {
                        offer(new Delivery(ch, queue, env, body));
                    }

                    @Override
                    public void handleCancel(String tag) {
                        out.end(new RelayException("the broker cancelled the consumer of queue '" + queue
                                + "' (queue deleted?)"));
                    }
                });
                log.debug("consuming '{}' with prefetch {}", queue, prefetch);
            } catch (IOException | AlreadyClosedException e) {
                if (c.isOpen()) {
                    // the connection is fine, the queue is not: a permanent error for this stream
                    out.end(new RelayException("cannot consume queue '" + queue + "': " + rootMessage(e), e));
                    subscriptions.remove(this);
                } // else the next connection re-subscribes
            }
        }

        private void offer(Delivery d) {
            if (!out.offer(d)) {
                // buffer full (stale deliveries of dead channels still in it) or stream gone: hand it back, a
                // little later so a stalled stream does not make the broker and us ping-pong the message
                timer.schedule(() -> {
                    try {
                        d.channel.basicNack(d.tag, false, true);
                    } catch (IOException | AlreadyClosedException ignored) {
                        // channel gone: the broker requeues it anyway
                    }
                }, 100, TimeUnit.MILLISECONDS);
            }
        }

        void cancel() {
            Channel ch;
            synchronized (this) {
                cancelled = true;
                ch = channel;
            }
            subscriptions.remove(this);
            if (ch != null && ch.isOpen()) {
                io.execute(() -> {
                    try {
                        ch.close(); // unacked deliveries go back to the queue
                    } catch (IOException | java.util.concurrent.TimeoutException
                             | com.rabbitmq.client.ShutdownSignalException ignored) {
                        // already closing (AlreadyClosedException is a ShutdownSignalException; so is a connection
                        // closed while this channel's close awaited its reply)
                    }
                });
            }
        }
    }

    /** A delivery bound to the channel it came on. */
    private static final class Delivery implements IncomingMessage {
        final Channel channel;
        final String queue;
        final long tag;
        final String routingKey;
        final boolean redelivered;
        final byte[] body;
        final AtomicBoolean settled = new AtomicBoolean();

        Delivery(Channel channel, String queue, Envelope env, byte[] body) {
            this.channel = channel;
            this.queue = queue;
            this.tag = env.getDeliveryTag();
            this.routingKey = env.getRoutingKey();
            this.redelivered = env.isRedeliver();
            this.body = body;
        }

        boolean live() {
            return channel.isOpen();
        }

        @Override
        public String queue() {
            return queue;
        }

        @Override
        public String routingKey() {
            return routingKey;
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        @Override
        public boolean redelivered() {
            return redelivered;
        }

        @Override
        public CompletionStage<Done> ack() {
            return settle(() -> channel.basicAck(tag, false));
        }

        @Override
        public CompletionStage<Done> nack(boolean requeue) {
            return settle(() -> channel.basicNack(tag, false, requeue));
        }

        private interface Op {
            void run() throws IOException;
        }

        private CompletionStage<Done> settle(Op op) {
            if (!settled.compareAndSet(false, true)) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException("delivery " + tag + " of queue '" + queue + "' already settled"));
            }
            if (!channel.isOpen()) {
                return stale();
            }
            try {
                op.run();
                return CompletableFuture.completedFuture(Done.getInstance());
            } catch (IOException | AlreadyClosedException e) {
                return stale();
            }
        }

        private CompletionStage<Done> stale() {
            return CompletableFuture.failedFuture(new StaleDeliveryException("channel of delivery " + tag
                    + " on queue '" + queue + "' is closed; the broker redelivers the message"));
        }
    }

    // ---------------------------------------------------------------- close

    @Override
    public void close() {
        synchronized (connectLock) {
            closed = true;
        }
        // idempotent: streams that already ended (cancelled, failed, completed by an earlier close) are skipped
        for (Subscription s : subscriptions) {
            s.cancelled = true;
            s.out.end(null);
        }
        subscriptions.clear();
        Connection c = connection;
        if (c != null && c.isOpen()) {
            try {
                c.close(5000);
            } catch (IOException | AlreadyClosedException e) {
                c.abort();
            }
        }
        RelayUnavailableException e = new RelayUnavailableException("relay closed before the broker confirmed");
        for (ConfirmChannel p : publishers) {
            for (Map.Entry<Long, Pending> en; (en = p.outstanding.pollFirstEntry()) != null; ) {
                en.getValue().future.completeExceptionally(e);
            }
        }
        timer.shutdownNow();
        io.shutdown();
        if (consumers != null) {
            consumers.shutdown();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
