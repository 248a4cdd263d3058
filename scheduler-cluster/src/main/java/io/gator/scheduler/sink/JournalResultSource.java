package io.gator.scheduler.sink;

import io.gator.core.action.ActionStatus;
import io.gator.core.command.CommandStatus;
import io.gator.scheduler.action.ActionEntity;
import io.gator.scheduler.action.TargetAgent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Reads a run's results from its action's events in the journal (the same events the action entity recovers from),
 * so delivery needs neither the action entity awake nor the read tables caught up.
 */
public final class JournalResultSource implements ResultSource {
    private final ActorSystem<?> system;
    private final String pluginId;

    public JournalResultSource(ActorSystem<?> system, String readJournalPluginId) {
        this.system = system;
        this.pluginId = readJournalPluginId;
    }

    @Override
    public CompletionStage<Optional<RunResults>> finished(long actionId) {
        String pid = PersistenceId.of(ActionEntity.TYPE_KEY.name(), Long.toString(actionId)).id();
        // looked up at first use: a node whose journal is not JDBC (tests) starts without it
        CurrentEventsByPersistenceIdQuery journal = PersistenceQuery.get(system)
                .getReadJournalFor(CurrentEventsByPersistenceIdQuery.class, pluginId);
        return journal.currentEventsByPersistenceId(pid, 0, Long.MAX_VALUE)
                .map(EventEnvelope::event)
                .runWith(Sink.fold(new Fold(actionId), Fold::add), system)
                .thenApply(Fold::result);
    }

    /** Folds an action's events into its results. */
    static final class Fold {
        final long actionId;
        String actionJson = "";
        String status = "";
        Instant start = Instant.EPOCH;
        Instant finish = Instant.EPOCH;
        final Map<Long, TargetAgent> agents = new LinkedHashMap<>();
        final Map<Long, String[]> outcome = new LinkedHashMap<>();

        Fold(long actionId) {
            this.actionId = actionId;
        }

        Fold add(Object e) {
            if (e instanceof ActionEntity.ActionCreated c) {
                actionJson = c.actionJson();
                status = ActionEntity.SCHEDULED;
                start = c.at();
            } else if (e instanceof ActionEntity.TargetsResolved t) {
                t.targets().forEach(x -> agents.put(x.commandId(), x.agent()));
            } else if (e instanceof ActionEntity.CommandsFinished f) {
                f.finished().forEach(x -> outcome.put(x.commandId(), new String[] {x.status(), x.resultsJson()}));
            } else if (e instanceof ActionEntity.ActionCompleted c) {
                finish(ActionEntity.COMPLETED, c.at());
            } else if (e instanceof ActionEntity.ActionExpired x) {
                finish(ActionEntity.EXPIRED, x.at());
            } else if (e instanceof ActionEntity.ActionCancelled x) {
                finish(ActionEntity.CANCELLED, x.at());
            } else if (e instanceof ActionEntity.ActionInvalid x) {
                finish(ActionEntity.INVALID, x.at());
            }
            return this;
        }

        private void finish(String st, Instant at) {
            status = st;
            finish = at;
        }

        Optional<RunResults> result() {
            if (status.isEmpty() || !ActionStatus.of(status).isFinal()) {
                return Optional.empty();
            }
            List<RunResults.CommandResult> cmds = new ArrayList<>(agents.size());
            agents.forEach((id, agent) -> {
                // a command without a result ends as its action did (MIG: expired, or cancelled)
                String none = ActionEntity.CANCELLED.equals(status) ? CommandStatus.CANCELLED : CommandStatus.EXPIRED;
                String[] o = outcome.getOrDefault(id, new String[] {none, "[]"});
                cmds.add(new RunResults.CommandResult(id, agent, o[0], o[1]));
            });
            return Optional.of(new RunResults(actionId, actionJson, status, start, finish, cmds));
        }
    }
}
