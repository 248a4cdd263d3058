package io.gator.core.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.gator.core.action.Action;
import io.gator.core.agent.Agent;
import io.gator.core.json.MigTime;
import io.gator.core.json.NilWhenEmpty;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A command: one action for one agent, the message on {@code toagents} and, with its results
 * filled, on {@code mig.agt.results}.
 */
@JsonPropertyOrder({"id", "action", "agent", "status", "results", "starttime", "finishtime"})
public record Command(
        long id,
        Action action,
        Agent agent,
        String status,
        @JsonSerialize(using = NilWhenEmpty.class) List<Result> results,
        @JsonProperty("starttime") OffsetDateTime startTime,
        @JsonProperty("finishtime") OffsetDateTime finishTime) {

    public Command {
        if (action == null) {
            throw new IllegalArgumentException("a command carries an action");
        }
        agent = agent == null ? Agent.of("", "") : agent;
        status = status == null ? "" : status;
        results = results == null ? List.of() : List.copyOf(results);
        startTime = startTime == null ? MigTime.ZERO : startTime;
        finishTime = finishTime == null ? MigTime.ZERO : finishTime;
    }

    /** A command as the scheduler sends it to an agent: status {@code sent}, no agent details, no results yet. */
    public static Command sent(long id, Action action, OffsetDateTime startTime) {
        return new Command(id, action, Agent.of("", ""), CommandStatus.SENT, List.of(), startTime, MigTime.ZERO);
    }

    public Command withAgent(Agent newAgent) {
        return new Command(id, action, newAgent, status, results, startTime, finishTime);
    }

    /** The same command answered: results in operation order and a final status. */
    public Command answered(String newStatus, List<Result> newResults) {
        return new Command(id, action, agent, newStatus, newResults, startTime, finishTime);
    }
}
