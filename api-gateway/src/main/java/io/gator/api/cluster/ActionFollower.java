package io.gator.api.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import io.gator.api.backend.ActionUpdate;
import io.gator.core.action.Action;
import io.gator.core.action.ActionStatus;
import io.gator.core.action.Counters;
import io.gator.core.command.Command;
import io.gator.core.command.CommandStatus;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.json.MigTime;
import io.gator.scheduler.action.ActionEntity;
import io.gator.scheduler.action.ActionProgress;
import io.gator.scheduler.action.TargetAgent;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The state of one live follow: what was already told (journal sequence number, finished command IDs), so that
 * pushes are applied once and in order. A push that does not follow the last sequence number (lost, or the entity
 * moved to another node), or that needs the targets this follower has not seen, is replaced by a journal read of
 * the missing range: the journal is the truth, pushes only make it fast. Not thread-safe: one call at a time.
 */
final class ActionFollower {
    private static final TypeReference<List<Result>> RESULTS = new TypeReference<>() {};

    private final long actionId;
    /** Reads the action's events {@code from..to} (sequence numbers, inclusive) from the journal. */
    private final BiFunction<Long, Long, CompletionStage<List<ActionEntity.Event>>> journal;
    private final Supplier<CompletionStage<ActionEntity.Subscribed>> subscribe;
    private final Clock clock;
    private long seq;
    private Action action;
    private OffsetDateTime started = MigTime.ZERO;
    /** Command ID to agent, in command ID order (expiry and cancel finish the rest in that order). */
    private final Map<Long, TargetAgent> agents = new TreeMap<>();
    private final Set<Long> told = new HashSet<>();
    private boolean ended;

    ActionFollower(long actionId, BiFunction<Long, Long, CompletionStage<List<ActionEntity.Event>>> journal,
                   Supplier<CompletionStage<ActionEntity.Subscribed>> subscribe, Clock clock) {
        this.actionId = actionId;
        this.journal = journal;
        this.subscribe = subscribe;
        this.clock = clock;
    }

    /** The first update: the journal up to the subscription's sequence number, with its summary. */
    CompletionStage<List<ActionUpdate>> start(ActionEntity.Subscribed s) {
        return catchUp(s.seq(), s.summary().status(), s.summary().counters());
    }

    /** A push from the entity. */
    CompletionStage<List<ActionUpdate>> onProgress(ActionProgress p) {
        if (ended || p.toSeq() <= seq) {
            return done(List.of());
        }
        boolean needTargets = agents.isEmpty() && !ActionStatus.SCHEDULED.wire().equals(p.status());
        if (p.fromSeq() != seq + 1 || needTargets) {
            return catchUp(p.toSeq(), p.status(), p.counters());
        }
        seq = p.toSeq();
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        List<Command> out = new ArrayList<>();
        for (ActionProgress.FinishedCommand f : p.finished()) {
            if (told.add(f.commandId())) {
                TargetAgent a = agents.getOrDefault(f.commandId(),
                        new TargetAgent(f.agentId(), f.agentName(), f.queueLoc(), "", "", 0));
                out.add(command(f.commandId(), a, f.status(), results(f.resultsJson()), now, p.status(), p.counters()));
            }
        }
        finishRest(p.status(), now, p.counters(), out);
        return done(List.of(update(p.status(), p.counters(), out)));
    }

    /** A periodic check: subscribes again (the entity may have moved) and reads whatever the pushes missed. */
    CompletionStage<List<ActionUpdate>> onTick() {
        if (ended) {
            return done(List.of());
        }
        return subscribe.get().thenCompose(s -> s.seq() > seq
                ? catchUp(s.seq(), s.summary().status(), s.summary().counters())
                : done(List.of()));
    }

    private CompletionStage<List<ActionUpdate>> catchUp(long to, String status, Counters counters) {
        long from = seq + 1;
        return journal.apply(from, to).thenApply(events -> {
            List<Command> out = new ArrayList<>();
            for (ActionEntity.Event e : events) {
                apply(e, status, counters, out);
            }
            seq = Math.max(seq, to);
            OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
            finishRest(status, now, counters, out);
            return List.of(update(status, counters, out));
        });
    }

    private void apply(ActionEntity.Event e, String status, Counters counters, List<Command> out) {
        if (e instanceof ActionEntity.ActionCreated c) {
            action = MigJson.read(c.actionJson(), Action.class);
        } else if (e instanceof ActionEntity.TargetsResolved r) {
            started = utc(r.at());
            r.targets().forEach(t -> agents.put(t.commandId(), t.agent()));
        } else if (e instanceof ActionEntity.CommandsFinished f) {
            for (ActionEntity.Finished x : f.finished()) {
                TargetAgent a = agents.get(x.commandId());
                if (a != null && told.add(x.commandId())) {
                    out.add(command(x.commandId(), a, x.status(), results(x.resultsJson()), utc(f.at()), status,
                            counters));
                }
            }
        }
    }

    /** An expired or cancelled action finished every unanswered command with its own status. */
    private void finishRest(String status, OffsetDateTime at, Counters counters, List<Command> out) {
        String cmdStatus = ActionStatus.EXPIRED.wire().equals(status) ? CommandStatus.EXPIRED
                : ActionStatus.CANCELLED.wire().equals(status) ? CommandStatus.CANCELLED : "";
        if (cmdStatus.isEmpty()) {
            return;
        }
        agents.forEach((id, a) -> {
            if (told.add(id)) {
                out.add(command(id, a, cmdStatus, List.of(), at, status, counters));
            }
        });
    }

    private ActionUpdate update(String status, Counters counters, List<Command> finished) {
        ended = ActionStatus.of(status).isFinal();
        return new ActionUpdate(status, counters, finished, ended);
    }

    private Command command(long id, TargetAgent agent, String status, List<Result> results, OffsetDateTime at,
                            String actionStatus, Counters counters) {
        Action a = action == null
                ? Action.of(actionId, "", "", MigTime.ZERO, MigTime.ZERO, List.of())
                : action;
        return new Command(id, a.withStatus(actionStatus, counters), agent.toAgent(), status, results, started, at);
    }

    private static List<Result> results(String json) {
        try {
            return MigJson.mapper().readValue(json, RESULTS);
        } catch (Exception e) {
            return List.of(); // an unreadable results array shows as none, as in the read table
        }
    }

    private static OffsetDateTime utc(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static <T> CompletionStage<T> done(T v) {
        return CompletableFuture.completedFuture(v);
    }
}
