package io.gator.scheduler.action;

import io.gator.core.action.Action;
import io.gator.core.action.Counters;
import io.gator.core.agent.Agent;
import io.gator.core.command.Command;
import io.gator.core.command.CommandStatus;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.json.MigTime;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command body every agent of one action receives, serialized once: the signed action (several KB) is the
 * same for all, only the command id, the agent and the start time differ. The action's command JSON is written
 * once with sentinel values, cut around them, and each command's bytes are the pieces with its own id, agent
 * and time spliced in. The template checks itself against a full serialization when built and falls back to
 * serializing each command whole if the pieces would not give the same bytes.
 */
final class CommandTemplate {
    private static final long SENTINEL_ID = 4_398_046_511_093L;
    private static final TargetAgent SENTINEL_AGENT =
            new TargetAgent(0, "gator-template-agent-5c1e", "gator.template.5c1e", "", "", 0);
    private static final OffsetDateTime SENTINEL_TIME = OffsetDateTime.of(2001, 2, 3, 4, 5, 6, 789_000_000,
            ZoneOffset.UTC);

    private final Action action;
    private final Instant expireAfter;
    private final List<Result> emptyResults;
    /** head | id | afterId | agent | afterAgent | starttime | tail; null when splicing is off. */
    private final byte[][] pieces;

    private CommandTemplate(Action action, Instant expireAfter, List<Result> emptyResults, byte[][] pieces) {
        this.action = action;
        this.expireAfter = expireAfter;
        this.emptyResults = emptyResults;
        this.pieces = pieces;
    }

    /** What every command of an action shares (as MIG's scheduler sends them: status preparing, counters.sent = targets). */
    static CommandTemplate of(Action action, Instant startTime, int targets, Instant expireAfter) {
        OffsetDateTime start = startTime.atOffset(ZoneOffset.UTC);
        Action forAgents = action.withInvestigators(List.of())
                .withStatus(ActionEntity.PREPARING, new Counters(targets, 0, 0, 0, 0, 0, 0, 0))
                .withTimes(start, MigTime.ZERO, MigTime.ZERO);
        List<Result> empty = new ArrayList<>();
        for (int i = 0; i < action.operations().size(); i++) {
            empty.add(Result.EMPTY);
        }
        List<Result> results = List.copyOf(empty);
        CommandTemplate whole = new CommandTemplate(forAgents, expireAfter, results, null);
        byte[][] pieces = cut(whole.full(SENTINEL_ID, SENTINEL_AGENT, SENTINEL_TIME));
        if (pieces == null) {
            return whole;
        }
        CommandTemplate spliced = new CommandTemplate(forAgents, expireAfter, results, pieces);
        // self-check with values unlike the sentinels: the spliced bytes must equal Jackson's
        TargetAgent probe = new TargetAgent(42, "probe \"host\" é", "linux.probe", "daemon", "1.0", 7);
        OffsetDateTime t = OffsetDateTime.of(2026, 11, 23, 10, 0, 0, 123_456_789, ZoneOffset.UTC);
        return Arrays.equals(spliced.body(8_765_432_109L, probe, t.toInstant()), whole.full(8_765_432_109L, probe, t))
                ? spliced : whole;
    }

    Instant expireAfter() {
        return expireAfter;
    }

    /** Whether bodies are spliced from the pieces (false: each is serialized whole). */
    boolean spliced() {
        return pieces != null;
    }

    /** The command body for one agent. */
    byte[] body(long commandId, TargetAgent agent, Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        if (pieces == null) {
            return full(commandId, agent, at);
        }
        byte[] id = Long.toString(commandId).getBytes(StandardCharsets.US_ASCII);
        byte[] ag = MigJson.writeBytes(agent.toAgent());
        byte[] ts = MigJson.writeBytes(at);
        ByteArrayOutputStream out = new ByteArrayOutputStream(pieces[0].length + pieces[1].length + pieces[2].length
                + pieces[3].length + id.length + ag.length + ts.length);
        out.writeBytes(pieces[0]);
        out.writeBytes(id);
        out.writeBytes(pieces[1]);
        out.writeBytes(ag);
        out.writeBytes(pieces[2]);
        out.writeBytes(ts);
        out.writeBytes(pieces[3]);
        return out.toByteArray();
    }

    /** The body as Jackson writes the whole command. */
    byte[] full(long commandId, TargetAgent agent, OffsetDateTime at) {
        Agent a = agent.toAgent();
        return MigJson.writeBytes(new Command(commandId, action, a, CommandStatus.SENT, emptyResults, at, MigTime.ZERO));
    }

    /** Cuts the sentinel command into four pieces around id, agent and start time; null if a sentinel is not unique. */
    private static byte[][] cut(byte[] json) {
        int[] id = unique(json, ("\"id\":" + SENTINEL_ID).getBytes(StandardCharsets.US_ASCII));
        int[] agent = unique(json, MigJson.writeBytes(SENTINEL_AGENT.toAgent()));
        int[] time = unique(json, MigJson.writeBytes(SENTINEL_TIME));
        if (id == null || agent == null || time == null || !(id[1] <= agent[0] && agent[1] <= time[0])) {
            return null;
        }
        int idStart = id[0] + "\"id\":".length();
        return new byte[][] {Arrays.copyOfRange(json, 0, idStart), Arrays.copyOfRange(json, id[1], agent[0]),
                Arrays.copyOfRange(json, agent[1], time[0]), Arrays.copyOfRange(json, time[1], json.length)};
    }

    /** [start, end) of the only occurrence of {@code needle}, or null when absent or repeated. */
    private static int[] unique(byte[] hay, byte[] needle) {
        int found = -1;
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (hay[i] == needle[0] && Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                if (found >= 0) {
                    return null;
                }
                found = i;
            }
        }
        return found < 0 ? null : new int[] {found, found + needle.length};
    }
}
