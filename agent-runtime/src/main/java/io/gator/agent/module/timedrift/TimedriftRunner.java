package io.gator.agent.module.timedrift;

import com.typesafe.config.Config;
import io.gator.agent.module.ModuleContext;
import io.gator.agent.module.ModuleRunner;
import io.gator.core.command.Result;
import io.gator.core.module.GoFormat;
import io.gator.core.module.ModuleDefinition;
import io.gator.core.module.timedrift.NtpStat;
import io.gator.core.module.timedrift.TimedriftElements;
import io.gator.core.module.timedrift.TimedriftModule;
import io.gator.core.module.timedrift.TimedriftParameters;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * MIG's timedrift: returns local time and, when a drift is given, compares it with NTP servers over SNTP.
 * Within drift when every reachable server is within it. When no server answers the drift is unknown: the result
 * fails (as MIG's) and is still reported as found, so the host shows among the found with that failure rather than
 * with its local time alone.
 */
public final class TimedriftRunner implements ModuleRunner<TimedriftParameters> {
    private static final String NAME = TimedriftModule.INSTANCE.name();
    private final List<String> servers;
    private final Duration timeout;

    /** MIG's default NTP servers, two seconds each. */
    public TimedriftRunner() {
        this(TimedriftModule.DEFAULT_SERVERS);
    }

    public TimedriftRunner(List<String> servers) {
        this(servers, Duration.ofSeconds(2));
    }

    /** @param timeout how long each server gets to answer */
    public TimedriftRunner(List<String> servers, Duration timeout) {
        this.servers = List.copyOf(servers);
        this.timeout = timeout;
    }

    /** {@code servers} and {@code server-timeout} from {@code gator.agent.modules.timedrift}. */
    @Override
    public ModuleRunner<TimedriftParameters> configured(Config section) {
        return new TimedriftRunner(section.getStringList("servers"), section.getDuration("server-timeout"));
    }

    @Override
    public ModuleDefinition<TimedriftParameters> definition() {
        return TimedriftModule.INSTANCE;
    }

    @Override
    public Result run(TimedriftParameters p, ModuleContext ctx) {
        long t0 = System.nanoTime();
        String local = GoFormat.rfc3339Nano(Instant.now());
        if (p.allowedDrift().isEmpty()) {
            return new Result(true, true, TimedriftModule.elementsJson(new TimedriftElements(false, false, null, local)),
                    TimedriftModule.statisticsJson(GoFormat.duration(System.nanoTime() - t0), List.of()), List.of());
        }
        Duration allowed = p.allowedDrift().get();
        List<NtpStat> stats = new ArrayList<>();
        List<String> drifts = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int reachable = 0;
        for (String server : servers) {
            ctx.checkCancelled(NAME);
            try {
                Sntp.Answer a = Sntp.query(server, timeout);
                reachable++;
                Duration drift = a.offset().negated(); // how far local time is from the server's
                String driftText = GoFormat.duration(drift.toNanos());
                stats.add(new NtpStat(server, GoFormat.rfc3339Nano(a.serverTime()), GoFormat.duration(a.latency().toNanos()),
                        driftText, true));
                if (drift.abs().compareTo(allowed) > 0) {
                    drifts.add("local time is out of sync from " + server + " by " + driftText);
                }
            } catch (IOException | RuntimeException e) {
                ctx.checkCancelled(NAME);
                stats.add(new NtpStat(server, null, "", "", false));
                errors.add(server + ": " + e.getMessage());
            }
        }
        boolean checked = reachable > 0;
        if (!checked) {
            errors.add("no NTP server could be reached");
        }
        TimedriftElements el = new TimedriftElements(checked, checked && drifts.isEmpty(), drifts, local);
        return new Result(true, checked, TimedriftModule.elementsJson(el),
                TimedriftModule.statisticsJson(GoFormat.duration(System.nanoTime() - t0), stats), errors);
    }
}
