package io.gator.cli.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.cli.api.MigApiClient;
import io.gator.cli.sign.Signer;
import io.gator.core.action.Action;
import io.gator.core.action.Compression;
import io.gator.core.action.Counters;
import io.gator.core.action.Operation;
import io.gator.core.action.SignedString;
import io.gator.core.command.Command;
import io.gator.core.command.CommandStatus;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * MIG's launch flow, a little friendlier: count the agents the target reaches, count down (skipped
 * with {@code -yes}), post the signed action, follow it with a progress line, then print each agent's
 * results as MIG's module printers do and a summary. Exit codes: {@link io.gator.cli.ExitCode}.
 */
public final class Launcher {
    /** What the launcher needs from its surroundings. */
    public record Env(MigApiClient api, Signer signer, ResultLines printer, PrintStream out, PrintStream err,
                      Clock clock, int countdownSeconds, Duration pollInterval) {}

    private final Env env;
    private final AtomicBoolean stopFollowing = new AtomicBoolean();

    public Launcher(Env env) {
        this.env = env;
    }

    /** The action being followed, once created (for a cancel from Ctrl-C). */
    public java.util.Optional<Long> launchedActionId() {
        return java.util.Optional.ofNullable(launched);
    }

    private volatile Long launched;
    /** Ask the API for late reach (sent only when on: MIG's API ignores the field, Gator's acts on it). */
    private volatile boolean lateReach;

    /** Launches with late reach: an empty target is no reason to stop, agents may match later. */
    public Launcher lateReach(boolean on) {
        lateReach = on;
        return this;
    }
    /** Gator's paced dispatch: commands per second and in flight at most (0: not asked, never sent). */
    private volatile int pace;
    private volatile int inFlight;

    /** Launches with a pace of the action's own; the progress line then shows it while commands go out. */
    public Launcher pacing(int commandsPerSecond, int maxInFlight) {
        pace = commandsPerSecond;
        inFlight = maxInFlight;
        return this;
    }
    private volatile java.util.function.LongConsumer whenStopped = id -> { };

    /** Asks the follower to stop (first Ctrl-C); callable from any thread. */
    public void stopFollowing() {
        stopFollowing.set(true);
        io.gator.cli.api.ActionStream s = openStream;
        if (s != null) {
            s.close(); // unblocks the reader
        }
    }

    /** Reconnections (with Last-Event-ID) of a stream that broke, before following falls back to polling. */
    static final int STREAM_RECONNECTS = 3;

    /** The live stream being read, for Ctrl-C to close. */
    private volatile io.gator.cli.api.ActionStream openStream;
    /** Commands the stream delivered, by ID, once it delivered the final status; null when following polled. */
    private Map<Long, Command> streamed;

    /** Runs on the launching thread once following stopped on request, before the results are fetched. */
    public void whenStopped(java.util.function.LongConsumer action) {
        whenStopped = action;
    }

    /** Builds the unsigned action the way MIG's CLI does: name from the arguments, one operation. */
    public static Action build(String module, JsonNode parameters, GlobalFlags g, String target, List<String> argv,
                               Clock clock) {
        String name = g.name;
        if (name.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (String a : argv) {
                sb.append(a).append(' ');
                if (sb.length() > 100) {
                    sb.append("...");
                    break;
                }
            }
            name = sb.toString();
        }
        Operation op = new Operation(module, parameters, false, g.compress);
        // no validity yet: sign() sets the window when the action is launched
        return Action.of(0, name, target, io.gator.core.json.MigTime.ZERO, io.gator.core.json.MigTime.ZERO,
                List.of(op));
    }

    /** Sets the validity window (60 s back for clock skew, MIG's way) unless the action has one; compresses; signs. */
    public Action sign(Action a, Duration expiration) throws Exception {
        Action w = a;
        if (io.gator.core.json.MigTime.isZero(a.validFrom())) {
            OffsetDateTime from = OffsetDateTime.ofInstant(Instant.now(env.clock()), ZoneOffset.UTC).minusSeconds(60);
            w = a.withValidity(from, from.plus(expiration).plusSeconds(60));
        } else {
            env.err().println("[notice] action already had validity time period, which was left as is");
        }
        return signAsIs(w);
    }

    /** Compresses what asks for it and adds the investigator's signature; the window is the action's own. */
    public Action signAsIs(Action w) {
        List<Operation> ops = new ArrayList<>();
        for (Operation op : w.operations()) {
            ops.add(op.wantCompressed() && !op.isCompressed() ? Compression.compress(op) : op);
        }
        w = w.withOperations(ops);
        List<String> sigs = new ArrayList<>(w.pgpSignatures());
        try {
            sigs.add(env.signer().sign(SignedString.of(w).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot sign the action: " + io.gator.cli.Problems.describe(e), e);
        }
        return w.withSignatures(sigs);
    }

    /** Launches and follows; returns the process exit code. */
    public int launch(Action signed, String show, boolean yes, boolean json) throws InterruptedException {
        return launch(signed, show, yes, json, false);
    }

    /** As above; an action that targets no agent is launched only with {@code force}. */
    public int launch(Action signed, String show, boolean yes, boolean json, boolean force) throws InterruptedException {
        io.gator.cli.Trace.mark("launching");
        int count = env.api().countAgents(signed.target());
        io.gator.cli.Trace.mark("agents counted");
        if (count == 0 && !force && !lateReach) {
            env.err().println("no agent matches the target '" + signed.target() + "': action not launched"
                    + " (-force launches it anyway)");
            return io.gator.cli.ExitCode.NO_AGENT_TARGETED.code();
        }
        if (!json) {
            env.err().print(count + " agents will be targeted. ctrl+c to cancel. launching in ");
            for (int i = yes ? 0 : env.countdownSeconds(); i > 0; i--) {
                env.err().print(i + " ");
                env.err().flush();
                Thread.sleep(1000);
            }
            env.err().println("GO");
        }
        Action a = env.api().createAction(signed, lateReach, pace, inFlight);
        io.gator.cli.Trace.mark("action created");
        launched = a.id();
        if (a.status().equals("awaiting signatures")) {
            // the API's co-signing: agents' ACL needs more weight than this action's signatures carry
            env.err().println("[info] action " + a.id() + " awaits co-signatures; others add theirs with 'mig cosign "
                    + "sign " + a.id() + "' (see 'mig cosign show " + a.id() + "')");
            if (json) {
                env.out().println(MigJson.write(a));
            }
            return 0;
        }
        if (!json) {
            env.err().println("Following action ID " + a.id() + ".");
        }
        long started = System.nanoTime();
        a = follow(a, count, json);
        io.gator.cli.Trace.mark("followed");
        if (!json) {
            Counters c = a.counters();
            double pct = c.sent() == 0 ? 100.0 : 100.0 * c.done() / c.sent();
            env.err().printf("%.1f%% done in %s%n", pct, humanDuration(Duration.ofNanos(System.nanoTime() - started)));
            env.err().println(counters(c));
        }
        printResults(a, show, json);
        io.gator.cli.Trace.mark("results printed");
        return io.gator.cli.ExitCode.of(a.counters(), count).code();
    }

    private Action follow(Action a, int total, boolean json) throws InterruptedException {
        long start = System.nanoTime();
        Streamed s = followStream(a, total, json, start);
        if (s.done()) {
            return afterFollowing(a, s.action(), json);
        }
        if (stopFollowing.get()) {
            if (!json) {
                env.err().println();
            }
            return afterFollowing(a, s.action(), json);
        }
        return poll(a, s.action(), total, json, start);
    }

    /** What following through the stream ended with: the action as last seen, and whether it reached a final status. */
    private record Streamed(Action action, boolean done) {}

    /**
     * Follows through Gator's event stream: results arrive as agents answer and the final status ends it, without
     * polling. A server without the stream (404, 405: a stock MIG API) or one that keeps breaking it leaves the rest
     * to {@link #poll}.
     */
    private Streamed followStream(Action a, int total, boolean json, long start) {
        Map<Long, Command> got = new LinkedHashMap<>();
        Action cur = a;
        // as polling does, give up 10 s after the action's expiry: a stream that stays silent is closed then
        Instant deadline = a.expireAfter().plusSeconds(10).toInstant();
        AtomicBoolean pastDeadline = new AtomicBoolean();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(Math.max(0, Duration.between(Instant.now(env.clock()), deadline).toMillis()));
                pastDeadline.set(true);
                io.gator.cli.api.ActionStream open = openStream;
                if (open != null) {
                    open.close();
                }
            } catch (InterruptedException e) {
                // following ended first
            }
        }, "mig-follow-deadline");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            return readStream(a, total, json, start, got, cur, pastDeadline);
        } finally {
            watchdog.interrupt();
        }
    }

    private Streamed readStream(Action a, int total, boolean json, long start, Map<Long, Command> got, Action cur,
                                AtomicBoolean pastDeadline) {
        long lastId = 0;
        int breaks = 0;
        while (!stopFollowing.get() && !pastDeadline.get()) {
            io.gator.cli.api.ActionStream s;
            try {
                s = env.api().stream(a.id(), lastId);
            } catch (io.gator.cli.api.ApiException e) {
                return new Streamed(cur, false); // no stream here (or not now): poll
            }
            openStream = s;
            io.gator.cli.Trace.mark("stream open");
            try (s) {
                if (stopFollowing.get() || pastDeadline.get()) {
                    break;
                }
                for (var e = s.next(); e.isPresent(); e = s.next()) {
                    var ev = e.get();
                    lastId = Math.max(lastId, ev.id());
                    switch (ev.event()) {
                        case "result" -> {
                            Command c = MigJson.read(ev.data(), Command.class);
                            got.put(c.id(), c);
                        }
                        case "progress", "done" -> {
                            JsonNode st = MigJson.tree(ev.data());
                            cur = cur.withStatus(st.path("status").asText(cur.status()),
                                    MigJson.mapper().convertValue(st.path("counters"), Counters.class));
                            if (!json) {
                                progress(cur.counters(), total, start);
                            }
                            if (ev.event().equals("done")) {
                                streamed = got;
                                if (!json) {
                                    env.err().println();
                                }
                                return new Streamed(cur, true);
                            }
                        }
                        default -> { } // events of later versions
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // broke mid-way (or Ctrl-C closed it): resumed below after the last event received
            } finally {
                openStream = null;
            }
            if (++breaks > STREAM_RECONNECTS) {
                break;
            }
        }
        return new Streamed(cur, false);
    }

    private void progress(Counters c, int total, long start) {
        long secs = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        env.err().printf("\r%s %d / %d  %.2f%%  sent=%d done=%d succeeded=%d failed=%d timeout=%d expired=%d  %ds ",
                dispatching(c, total), c.done(), Math.max(total, c.sent()),
                c.sent() == 0 ? 0.0 : 100.0 * c.done() / c.sent(),
                c.sent(), c.done(), c.success(), c.failed(), c.timeout(), c.expired(), secs);
    }

    /**
     * The pace while a paced action's commands go out ("dispatching at 100 commands/s: 250 of 3000 sent"), empty
     * otherwise: without a pace, or once every agent counted at launch has its command.
     */
    String dispatching(Counters c, int total) {
        int all = Math.max(total, c.sent());
        if ((pace == 0 && inFlight == 0) || c.sent() >= all) {
            return "";
        }
        String rate = pace > 0 ? "at " + pace + " commands/s" : "";
        String cap = inFlight > 0 ? (pace > 0 ? ", " : "") + "at most " + inFlight + " in flight" : "";
        return "dispatching " + rate + cap + ": " + c.sent() + " of " + all + " sent ";
    }

    /** MIG's way: asks for the action until its counters say every agent answered or it reached a final status. */
    private Action poll(Action a, Action seen, int total, boolean json, long start) throws InterruptedException {
        OffsetDateTime deadline = a.expireAfter().plusSeconds(10);
        Action cur = seen;
        int failures = 0;
        while (!stopFollowing.get()) {
            try {
                cur = env.api().action(a.id());
            } catch (io.gator.cli.api.ApiException e) {
                // as MIG: keep trying for a while, the action may not be visible yet
                if (++failures >= 30) {
                    throw new io.gator.cli.api.ApiException(e.status(), "failed to retrieve action " + a.id()
                            + " after 30 attempts, launch may have failed: " + e.getMessage());
                }
                Thread.sleep(env.pollInterval().toMillis());
                continue;
            }
            Counters c = cur.counters();
            if (!json) {
                progress(c, total, start);
            }
            String status = cur.status();
            boolean followed = java.util.Arrays.stream(io.gator.core.action.ActionStatus.values())
                    .anyMatch(st -> !st.isFinal() && st.wire().equals(status));
            // Gator's "sent" grows as the broker confirms each command, and a fast agent can answer before the last
            // ones are sent: done >= sent alone would stop early (MIG set sent for every target at once). So done
            // must also reach the agents counted at launch; with fewer targets, the final status ends the wait.
            if (!followed || (c.done() > 0 && c.done() >= Math.max(total, c.sent()))
                    || OffsetDateTime.now(env.clock()).isAfter(deadline)) {
                break;
            }
            Thread.sleep(env.pollInterval().toMillis());
        }
        if (!json) {
            env.err().println();
        }
        return afterFollowing(a, cur, json);
    }

    /** After a Ctrl-C: the cancel offer, then the action as the API has it now. */
    private Action afterFollowing(Action a, Action cur, boolean json) {
        if (stopFollowing.get()) {
            if (!json) {
                env.err().println("[notice] stopped following action, but agents may still be running.");
            }
            whenStopped.accept(a.id());
            try {
                cur = env.api().action(a.id());
            } catch (io.gator.cli.api.ApiException e) {
                // keep the last state seen
            }
            if (!json) {
                env.err().println("fetching available results:");
            }
        }
        return cur;
    }

    /** MIG's counter line: "1 sent, 1 done, 1 succeeded". */
    public static String counters(Counters c) {
        StringBuilder sb = new StringBuilder(c.sent() + " sent, " + c.done() + " done");
        if (c.inflight() > 0) {
            sb.append(", ").append(c.inflight()).append(" inflight");
        }
        if (c.success() > 0) {
            sb.append(", ").append(c.success()).append(" succeeded");
        }
        if (c.cancelled() > 0) {
            sb.append(", ").append(c.cancelled()).append(" cancelled");
        }
        if (c.expired() > 0) {
            sb.append(", ").append(c.expired()).append(" expired");
        }
        if (c.failed() > 0) {
            sb.append(", ").append(c.failed()).append(" failed");
        }
        if (c.timeout() > 0) {
            sb.append(", ").append(c.timeout()).append(" timed out");
        }
        return sb.toString();
    }

    /** Prints every command of the action, paged by 37 as MIG does; with {@code json}, one JSON document on stdout. */
    public void printResults(Action a, String show, boolean json) {
        boolean onlyFound = show.equals("found");
        String foundQ = switch (show) {
            case "found" -> "&foundanything=true";
            case "notfound" -> "&foundanything=false";
            default -> "";
        };
        ArrayNode all = JsonNodeFactory.instance.arrayNode();
        int agents = 0;
        Map<Long, Command> live = streamed;
        for (int offset = 0; ; offset += 37) {
            List<Command> page = live == null ? env.api().commands(a.id(), 37, offset, foundQ)
                    : page(live, offset, c -> show.equals("all") || found(c) == show.equals("found"));
            if (page.isEmpty()) {
                break;
            }
            for (Command cmd : page) {
                agents++;
                if (json) {
                    all.add(MigJson.mapper().valueToTree(cmd));
                } else {
                    printCommand(cmd, onlyFound);
                }
            }
        }
        if (json) {
            ObjectNode doc = JsonNodeFactory.instance.objectNode();
            // the stream's final state: the read table may not have caught up yet
            doc.set("action", MigJson.mapper().valueToTree(live == null ? env.api().action(a.id()) : a));
            doc.set("commands", all);
            env.out().println(doc.toPrettyString());
            return;
        }
        env.err().printf("%d %s %s results%n", agents, agents > 1 ? "agents have" : "agent has", show);
        if (!show.equals("all")) {
            Map<String, List<String>> unsuccessful = new LinkedHashMap<>();
            for (String status : List.of(CommandStatus.CANCELLED, CommandStatus.EXPIRED, CommandStatus.FAILED,
                    CommandStatus.TIMEOUT)) {
                for (int offset = 0; ; offset += 37) {
                    List<Command> page = live == null ? env.api().commands(a.id(), 37, offset, "&status=" + status)
                            : page(live, offset, c -> c.status().equals(status));
                    if (page.isEmpty()) {
                        break;
                    }
                    page.forEach(c -> unsuccessful.computeIfAbsent(status, k -> new ArrayList<>()).add(c.agent().name()));
                }
            }
            unsuccessful.forEach((status, names) -> env.err().println(status + ": " + String.join(", ", names)));
        }
    }

    /** One page of 37 of the streamed commands that pass {@code filter}, in command ID order as the API pages them. */
    private static List<Command> page(Map<Long, Command> commands, int offset,
                                      java.util.function.Predicate<Command> filter) {
        return commands.values().stream().filter(filter).sorted(java.util.Comparator.comparingLong(Command::id))
                .skip(offset).limit(37).toList();
    }

    /** The API's foundanything: some operation of the command found something. */
    private static boolean found(Command c) {
        return c.results().stream().anyMatch(Result::foundAnything);
    }

    /** MIG's PrintCommandResults. */
    void printCommand(Command cmd, boolean onlyFound) {
        String prefix = cmd.agent().name() + " ";
        if (!cmd.status().equals(CommandStatus.SUCCESS)) {
            if (!onlyFound) {
                env.err().println(prefix + "command did not succeed. status=" + cmd.status());
            }
            return;
        }
        List<Operation> ops = cmd.action().operations();
        for (int i = 0; i < cmd.results().size(); i++) {
            if (i >= ops.size()) {
                if (!onlyFound) {
                    env.err().println(prefix + "[error] operation " + i + " did not return results");
                }
                continue;
            }
            Result r = cmd.results().get(i);
            for (String line : env.printer().lines(ops.get(i).module(), r, onlyFound)) {
                env.out().println(prefix + line);
            }
        }
        if (!onlyFound) {
            env.out().println(prefix + "command " + cmd.status());
        }
    }

    static String humanDuration(Duration d) {
        double s = d.toNanos() / 1e9;
        return s >= 1 ? String.format("%.3fs", s) : String.format("%.3fms", d.toNanos() / 1e6);
    }
}
