package io.gator.scheduler.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmCallback;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.gator.relay.amqp.RabbitVhost;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The broker's floor for one action, with no Gator code in the path: what RabbitMQ alone needs on this machine to
 * carry one MIG command to each of N agent queues and N results back, with the properties MIG's wire gives them
 * (persistent, per-message expiration, mandatory, publisher confirms) and one consumer channel per agent queue, as
 * agents have. Plain amqp-client; consumers ack on delivery and answer at once. Prints, per round, the wall time
 * and the broker's CPU per command; the first round is the queues' first message (their index files are created),
 * later rounds are the steady state a bench's warm-up reaches. Arguments: {@code [queues] [rounds] [body bytes]}
 * (default 10000 4 2000: MIG's command and result messages are about 2 KB).
 */
public final class BrokerFloorBench {
    private static final int IN_FLIGHT = 4000;
    private static final int PUBLISH_CHANNELS = 4;
    private static final int CHANNELS_PER_CONNECTION = 1000;

    private BrokerFloorBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        try (RabbitVhost vhost = new RabbitVhost()) {
            run(vhost, n, rounds, size);
        }
        System.exit(0); // amqp-client's threads are not daemons
    }

    private static void run(RabbitVhost vhost, int n, int rounds, int size) throws Exception {
        List<Connection> connections = new ArrayList<>();
        try {
            ConnectionFactory cf = new ConnectionFactory();
            cf.setHost("127.0.0.1");
            cf.setVirtualHost(vhost.name);
            cf.setAutomaticRecoveryEnabled(false); // the vhost goes at the end; nothing to recover into
            Connection pub = cf.newConnection("floor-scheduler");
            connections.add(pub);
            Channel admin = pub.createChannel();
            admin.exchangeDeclare("toagents", BuiltinExchangeType.DIRECT, true);
            admin.exchangeDeclare("toschedulers", BuiltinExchangeType.DIRECT, true);
            admin.queueDeclare("mig.agt.results", true, false, false, null);
            admin.queueBind("mig.agt.results", "toschedulers", "mig.agt.results");
            for (int i = 0; i < n; i++) {
                admin.queueDeclare(queue(i), true, false, false, null);
                admin.queueBind(queue(i), "toagents", queue(i));
            }
            byte[] body = new byte[size];
            Arrays.fill(body, (byte) 'x');
            CountDownLatch[] results = new CountDownLatch[1];
            // the "scheduler" consumes results with the prefetch Gator's results consumer uses
            Channel resultsChannel = pub.createChannel();
            resultsChannel.basicQos(1000);
            resultsChannel.basicConsume("mig.agt.results", false, new DefaultConsumer(resultsChannel) {
                @Override
                public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties p, byte[] b)
                        throws java.io.IOException {
                    resultsChannel.basicAck(env.getDeliveryTag(), false);
                    results[0].countDown();
                }
            });
            // each "agent" acks its command and publishes its result on its own channel, with confirms
            Connection agents = null;
            for (int i = 0; i < n; i++) {
                if (i % CHANNELS_PER_CONNECTION == 0) {
                    agents = cf.newConnection("floor-agents-" + i);
                    connections.add(agents);
                }
                Channel ch = agents.createChannel();
                ch.basicQos(1);
                ch.confirmSelect();
                ch.basicConsume(queue(i), false, new DefaultConsumer(ch) {
                    @Override
                    public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties p, byte[] b)
                            throws java.io.IOException {
                        ch.basicAck(env.getDeliveryTag(), false);
                        ch.basicPublish("toschedulers", "mig.agt.results", false, false, props(300_000), body);
                    }
                });
            }
            Publisher publisher = new Publisher(pub);
            System.out.printf("%,d agent queues with a consumer each; %d-byte messages%n", n, size);
            List<Long> walls = new ArrayList<>();
            List<Double> cpus = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                results[0] = new CountDownLatch(n);
                long c0 = Bench.cpuTicks(-1)[2]; // the broker's share
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    publisher.publish(queue(i), body);
                }
                long sent = publisher.awaitConfirms();
                if (!results[0].await(10, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("results missing: " + results[0].getCount());
                }
                long wall = (System.nanoTime() - t0) / 1_000_000;
                double cpu = (Bench.cpuTicks(-1)[2] - c0) * 10.0 / n;
                System.out.printf("round %d: all confirmed after %,d ms, all results after %,d ms; broker CPU %.2f ms"
                        + " per command%s%n", r, (sent - t0) / 1_000_000, wall, cpu,
                        r == 1 ? " (first message of each queue)" : "");
                if (r > 1) {
                    walls.add(wall);
                    cpus.add(cpu);
                }
                Thread.sleep(2000); // queues go idle between actions, as they do between real ones
            }
            if (!walls.isEmpty()) {
                walls.sort(null);
                cpus.sort(null);
                System.out.printf("%n| broker floor, %,d agents (rounds 2-%d) | median |%n|---|---|%n", n, rounds);
                System.out.printf("| wall, one command per queue and its result back | %,d ms |%n", walls.get(walls.size() / 2));
                System.out.printf("| broker CPU per command | %.2f ms |%n", cpus.get(cpus.size() / 2));
            }
        } finally {
            for (Connection c : connections) {
                if (c.isOpen()) {
                    c.abort();
                }
            }
        }
    }

    private static String queue(int i) {
        return "mig.agt.floor." + i;
    }

    static AMQP.BasicProperties props(long ttlMillis) {
        return new AMQP.BasicProperties.Builder().contentType("text/plain").deliveryMode(2)
                .expiration(Long.toString(ttlMillis)).timestamp(new Date()).build();
    }

    /** Confirm-mode publishing over a few channels, a bounded number in flight, as the scheduler's relay does. */
    private static final class Publisher {
        final Channel[] channels = new Channel[PUBLISH_CHANNELS];
        final List<ConcurrentSkipListSet<Long>> outstanding = new ArrayList<>();
        final Semaphore inFlight = new Semaphore(IN_FLIGHT);
        int next;

        Publisher(Connection c) throws java.io.IOException {
            for (int i = 0; i < channels.length; i++) {
                Channel ch = c.createChannel();
                ch.confirmSelect();
                ConcurrentSkipListSet<Long> out = new ConcurrentSkipListSet<>();
                ConfirmCallback settle = (seq, multiple) -> {
                    if (multiple) {
                        var head = out.headSet(seq, true);
                        int k = head.size();
                        head.clear();
                        inFlight.release(k);
                    } else if (out.remove(seq)) {
                        inFlight.release();
                    }
                };
                ch.addConfirmListener(settle, settle);
                channels[i] = ch;
                outstanding.add(out);
            }
        }

        void publish(String queue, byte[] body) throws Exception {
            inFlight.acquire();
            int k = next++ % channels.length;
            Channel ch = channels[k];
            synchronized (ch) {
                outstanding.get(k).add(ch.getNextPublishSeqNo());
                ch.basicPublish("toagents", queue, true, false, props(360_000), body);
            }
        }

        /** Waits until every publish is confirmed; returns when (System.nanoTime). */
        long awaitConfirms() throws InterruptedException {
            if (!inFlight.tryAcquire(IN_FLIGHT, 10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("publishes not confirmed");
            }
            inFlight.release(IN_FLIGHT);
            return System.nanoTime();
        }
    }
}
