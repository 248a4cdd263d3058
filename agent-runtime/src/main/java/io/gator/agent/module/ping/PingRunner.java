package io.gator.agent.module.ping;

import io.gator.agent.module.ModuleContext;
import io.gator.agent.module.ModuleRunner;
import io.gator.core.command.Result;
import io.gator.core.module.GoFormat;
import io.gator.core.module.ModuleDefinition;
import io.gator.core.module.ping.PingElements;
import io.gator.core.module.ping.PingModule;
import io.gator.core.module.ping.PingParameters;
import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * MIG's ping: tcp connect, udp probe (an ICMP port-unreachable answer means refused, silence means maybe), and
 * icmp through the system {@code ping} command, or Java's reachability test when there is none.
 */
public final class PingRunner implements ModuleRunner<PingParameters> {
    private static final String NAME = PingModule.INSTANCE.name();
    private static final long PAUSE_MS = 100;

    private enum Outcome { OK, TIMEOUT, REFUSED }

    @Override
    public ModuleDefinition<PingParameters> definition() {
        return PingModule.INSTANCE;
    }

    @Override
    public Result run(PingParameters params, ModuleContext ctx) {
        PingParameters p = params.withDefaults();
        InetAddress ip;
        try {
            ip = InetAddress.getByName(p.destination());
        } catch (UnknownHostException e) {
            return Result.failure("destination '" + p.destination() + "' does not resolve: " + e.getMessage());
        }
        String resolved = p.destination() + (p.protocol().equals("icmp") ? "" : ":" + p.destinationPort())
                + " (" + GoFormat.ip(ip.getAddress()) + ")";
        List<Double> latencies = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        boolean found = false;
        int timeoutMs = (int) Math.max(1, p.timeout() * 1000);
        for (int i = 0; i < p.count(); i++) {
            ctx.checkCancelled(NAME);
            long start = System.nanoTime();
            double latency;
            try {
                Outcome o = switch (p.protocol()) {
                    case "tcp" -> tcp(ip, (int) p.destinationPort(), timeoutMs);
                    case "udp" -> udp(ip, (int) p.destinationPort(), timeoutMs);
                    default -> icmp(ip, p.timeout(), ctx);
                };
                latency = switch (o) {
                    case OK -> (System.nanoTime() - start) / 1e6;
                    case TIMEOUT -> PingElements.TIMEOUT;
                    case REFUSED -> PingElements.UNREACHABLE;
                };
            } catch (IOException e) {
                failures.add("ping #" + (i + 1) + " failed with error: " + e.getMessage());
                latency = PingElements.ERROR;
            }
            if (latency > 0 && (latency != PingElements.TIMEOUT || p.protocol().equals("udp"))) {
                found = true;
            }
            latencies.add(latency);
            try {
                Thread.sleep(PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ctx.checkCancelled(NAME);
            }
        }
        PingElements el = new PingElements(latencies, p.protocol(), resolved, failures);
        return new Result(found, true, PingModule.elementsJson(el), null, List.of());
    }

    static Outcome tcp(InetAddress ip, int port, int timeoutMs) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ip, port), timeoutMs);
            return Outcome.OK;
        } catch (SocketTimeoutException e) {
            return Outcome.TIMEOUT;
        } catch (ConnectException | NoRouteToHostException e) {
            return Outcome.REFUSED;
        }
    }

    static Outcome udp(InetAddress ip, int port, int timeoutMs) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(ip, port); // connected, so an ICMP port unreachable surfaces as an exception
            s.setSoTimeout(timeoutMs);
            s.send(new DatagramPacket(new byte[] {0}, 1));
            s.receive(new DatagramPacket(new byte[512], 512));
            return Outcome.OK;
        } catch (SocketTimeoutException e) {
            return Outcome.TIMEOUT;
        } catch (PortUnreachableException e) {
            return Outcome.REFUSED;
        }
    }

    static Outcome icmp(InetAddress ip, double timeoutSeconds, ModuleContext ctx) throws IOException {
        String bin = Files.isExecutable(Path.of("/usr/bin/ping")) ? "/usr/bin/ping"
                : Files.isExecutable(Path.of("/bin/ping")) ? "/bin/ping" : null;
        int secs = (int) Math.max(1, Math.ceil(timeoutSeconds));
        if (bin == null) {
            return ip.isReachable(secs * 1000) ? Outcome.OK : Outcome.TIMEOUT;
        }
        Process pr = new ProcessBuilder(bin, "-n", "-c", "1", "-W", Integer.toString(secs), ip.getHostAddress())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(secs + 1);
            while (!pr.waitFor(50, TimeUnit.MILLISECONDS)) {
                if (ctx.isCancelled() || System.nanoTime() > deadline) {
                    pr.destroyForcibly();
                    ctx.checkCancelled(NAME);
                    return Outcome.TIMEOUT;
                }
            }
            return switch (pr.exitValue()) {
                case 0 -> Outcome.OK;
                case 1 -> Outcome.TIMEOUT;
                default -> throw new IOException("ping exited with status " + pr.exitValue());
            };
        } catch (InterruptedException e) {
            pr.destroyForcibly();
            Thread.currentThread().interrupt();
            ctx.checkCancelled(NAME);
            return Outcome.TIMEOUT;
        }
    }
}
