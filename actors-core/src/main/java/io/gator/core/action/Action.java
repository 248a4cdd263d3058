package io.gator.core.action;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.gator.core.investigator.Investigator;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.gator.core.json.MigTime;
import io.gator.core.json.NilWhenEmpty;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A MIG action (syntax version 2), field for field as MIG's JSON. Times default to Go's zero time,
 * strings to "", lists to empty: a record never holds null. {@code pgpsignatures} and
 * {@code operations} are written as {@code null} when empty, as Go writes a nil slice.
 */
@JsonPropertyOrder({"id", "name", "target", "description", "threat", "validfrom", "expireafter", "operations",
        "pgpsignatures", "investigators", "status", "starttime", "finishtime", "lastupdatetime", "counters",
        "syntaxversion"})
public record Action(
        long id,
        String name,
        String target,
        Description description,
        Threat threat,
        @JsonProperty("validfrom") OffsetDateTime validFrom,
        @JsonProperty("expireafter") OffsetDateTime expireAfter,
        @JsonSerialize(using = NilWhenEmpty.class) List<Operation> operations,
        @JsonProperty("pgpsignatures") @JsonSerialize(using = NilWhenEmpty.class) List<String> pgpSignatures,
        @JsonInclude(Include.NON_EMPTY) List<Investigator> investigators,
        @JsonInclude(Include.NON_EMPTY) String status,
        @JsonProperty("starttime") OffsetDateTime startTime,
        @JsonProperty("finishtime") OffsetDateTime finishTime,
        @JsonProperty("lastupdatetime") OffsetDateTime lastUpdateTime,
        Counters counters,
        @JsonProperty("syntaxversion") @JsonInclude(Include.NON_DEFAULT) int syntaxVersion) {

    /** The only syntax version MIG and Gator accept. */
    public static final int SYNTAX_VERSION = 2;

    public Action {
        name = name == null ? "" : name;
        target = target == null ? "" : target;
        description = description == null ? Description.EMPTY : description;
        threat = threat == null ? Threat.EMPTY : threat;
        validFrom = validFrom == null ? MigTime.ZERO : validFrom;
        expireAfter = expireAfter == null ? MigTime.ZERO : expireAfter;
        operations = operations == null ? List.of() : List.copyOf(operations);
        pgpSignatures = pgpSignatures == null ? List.of() : List.copyOf(pgpSignatures);
        investigators = investigators == null ? List.of() : List.copyOf(investigators);
        status = status == null ? "" : status;
        startTime = startTime == null ? MigTime.ZERO : startTime;
        finishTime = finishTime == null ? MigTime.ZERO : finishTime;
        lastUpdateTime = lastUpdateTime == null ? MigTime.ZERO : lastUpdateTime;
        counters = counters == null ? Counters.ZERO : counters;
    }

    public Action withId(long newId) {
        return new Action(newId, name, target, description, threat, validFrom, expireAfter, operations,
                pgpSignatures, investigators, status, startTime, finishTime, lastUpdateTime, counters, syntaxVersion);
    }

    public Action withSignatures(List<String> signatures) {
        return new Action(id, name, target, description, threat, validFrom, expireAfter, operations,
                signatures, investigators, status, startTime, finishTime, lastUpdateTime, counters, syntaxVersion);
    }

    public Action withStatus(String newStatus, Counters newCounters) {
        return new Action(id, name, target, description, threat, validFrom, expireAfter, operations,
                pgpSignatures, investigators, newStatus, startTime, finishTime, lastUpdateTime, newCounters,
                syntaxVersion);
    }

    public Action withTimes(OffsetDateTime start, OffsetDateTime finish, OffsetDateTime lastUpdate) {
        return new Action(id, name, target, description, threat, validFrom, expireAfter, operations,
                pgpSignatures, investigators, status, start, finish, lastUpdate, counters, syntaxVersion);
    }

    public Action withInvestigators(List<Investigator> list) {
        return new Action(id, name, target, description, threat, validFrom, expireAfter, operations,
                pgpSignatures, list, status, startTime, finishTime, lastUpdateTime, counters, syntaxVersion);
    }
}
