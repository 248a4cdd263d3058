package io.gator.core.module.timedrift;

import static io.gator.core.module.ParamReader.object;
import static io.gator.core.module.ParamReader.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.core.command.Result;
import io.gator.core.module.AbstractModuleDefinition;
import io.gator.core.module.InvalidParametersException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** MIG's {@code timedrift} module: parameters, flags, result shape and printer. */
public final class TimedriftModule extends AbstractModuleDefinition<TimedriftParameters> {
    public static final TimedriftModule INSTANCE = new TimedriftModule();
    /** MIG's default NTP servers. */
    public static final List<String> DEFAULT_SERVERS =
            List.of("0.pool.ntp.org", "1.pool.ntp.org", "2.pool.ntp.org", "3.pool.ntp.org");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    public TimedriftModule() {
        super("timedrift",
                "Reports local time and, given a drift, whether it is within that drift of NTP servers.",
                TimedriftParameters.class, TimedriftModule::print, TimedriftFlags.form());
    }

    @Override
    public TimedriftParameters parse(JsonNode p) {
        object(p, "parameters");
        String drift = string(p, "drift", "");
        if (!drift.isEmpty()) {
            try {
                if (GoDuration.parse(drift).isNegative()) {
                    throw new IllegalArgumentException("drift must not be negative");
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidParametersException("drift", e.getMessage() + " (expected a duration like 5s)");
            }
        }
        return new TimedriftParameters(drift);
    }

    @Override
    public JsonNode toJson(TimedriftParameters p) {
        return F.objectNode().put("drift", p.drift());
    }

    public static JsonNode elementsJson(TimedriftElements e) {
        ObjectNode o = F.objectNode();
        o.put("hascheckeddrift", e.hasCheckedDrift());
        if (e.isWithinDrift()) {
            o.put("iswithindrift", true);
        }
        if (!e.drifts().isEmpty()) {
            ArrayNode a = o.putArray("drifts");
            e.drifts().forEach(a::add);
        }
        o.put("localtime", e.localTime());
        return o;
    }

    public static JsonNode statisticsJson(String execTime, List<NtpStat> stats) {
        ObjectNode o = F.objectNode();
        o.put("exectime", execTime);
        if (!stats.isEmpty()) {
            ArrayNode a = o.putArray("ntpstats");
            for (NtpStat s : stats) {
                a.addObject().put("host", s.host()).put("time", s.time()).put("latency", s.latency())
                        .put("drift", s.drift()).put("reachable", s.reachable());
            }
        }
        return o;
    }

    /** Printed, even with foundOnly, when a drift was asked for but no NTP server answered. */
    public static final String NOT_COMPARED = "local time could not be compared with NTP servers: none answered";

    /**
     * MIG's timedrift {@code PrintResults}, and one line more when a drift check failed for want of an NTP server
     * (MIG then prints the local time alone, which reads like a success).
     */
    public static List<String> print(Result result, boolean foundOnly) {
        List<String> prints = new ArrayList<>();
        JsonNode el = result.elements();
        prints.add("local time is " + el.path("localtime").asText(""));
        if (el.path("hascheckeddrift").asBoolean()) {
            if (el.path("iswithindrift").asBoolean()) {
                prints.add("local time is within acceptable drift from NTP servers");
            } else {
                prints.add("local time is out of sync from NTP servers");
                el.path("drifts").forEach(d -> prints.add(d.asText()));
            }
        } else if (!result.success()) {
            prints.add(NOT_COMPARED);
        }
        if (foundOnly) {
            return prints;
        }
        for (String e : result.errors()) {
            prints.add("error:");
            prints.add(e);
        }
        JsonNode st = result.statistics();
        prints.add("stat: execution time was " + st.path("exectime").asText(""));
        for (JsonNode s : st.path("ntpstats")) {
            if (s.path("reachable").asBoolean()) {
                String t = s.path("time").asText("");
                String shown;
                try {
                    shown = io.gator.core.module.GoFormat.utcTime(Instant.parse(t));
                } catch (RuntimeException ex) {
                    shown = t;
                }
                prints.add("stat: " + s.path("host").asText("") + " responded in " + s.path("latency").asText("")
                        + " with time " + shown + ". local time drifts by " + s.path("drift").asText(""));
            } else {
                prints.add("stat: " + s.path("host").asText("") + " was unreachable");
            }
        }
        prints.add(result.success() ? "timedrift module has succeeded" : "timedrift module has failed");
        return prints;
    }
}
