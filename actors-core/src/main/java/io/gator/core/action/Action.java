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

    /**
     * An action as an investigator writes it before signing: what to run, where, and when; no description,
     * threat, signature, investigator, status or times yet, and syntax version {@value #SYNTAX_VERSION}.
     */
    public static Action of(long id, String name, String target, OffsetDateTime validFrom, OffsetDateTime expireAfter,
                            List<Operation> operations) {
        return new Action(id, name, target, Description.EMPTY, Threat.EMPTY, validFrom, expireAfter, operations,
                List.of(), List.of(), "", MigTime.ZERO, MigTime.ZERO, MigTime.ZERO, Counters.ZERO, SYNTAX_VERSION);
    }

    public Action withId(long newId) {
        return edit(e -> e.id = newId);
    }

    public Action withName(String newName) {
        return edit(e -> e.name = newName);
    }

    public Action withTarget(String newTarget) {
        return edit(e -> e.target = newTarget);
    }

    public Action withDescription(Description newDescription) {
        return edit(e -> e.description = newDescription);
    }

    public Action withThreat(Threat newThreat) {
        return edit(e -> e.threat = newThreat);
    }

    /** The same action valid from {@code from} until {@code to} (the signed window). */
    public Action withValidity(OffsetDateTime from, OffsetDateTime to) {
        return edit(e -> {
            e.validFrom = from;
            e.expireAfter = to;
        });
    }

    public Action withOperations(List<Operation> newOperations) {
        return edit(e -> e.operations = newOperations);
    }

    public Action withSignatures(List<String> signatures) {
        return edit(e -> e.pgpSignatures = signatures);
    }

    public Action withInvestigators(List<Investigator> list) {
        return edit(e -> e.investigators = list);
    }

    public Action withStatus(String newStatus) {
        return edit(e -> e.status = newStatus);
    }

    public Action withStatus(String newStatus, Counters newCounters) {
        return edit(e -> {
            e.status = newStatus;
            e.counters = newCounters;
        });
    }

    public Action withTimes(OffsetDateTime start, OffsetDateTime finish, OffsetDateTime lastUpdate) {
        return edit(e -> {
            e.startTime = start;
            e.finishTime = finish;
            e.lastUpdateTime = lastUpdate;
        });
    }

    public Action withSyntaxVersion(int newSyntaxVersion) {
        return edit(e -> e.syntaxVersion = newSyntaxVersion);
    }

    /** A copy of this action with the fields {@code change} sets; the withers' one place to list all 16 fields. */
    private Action edit(java.util.function.Consumer<Edit> change) {
        Edit e = new Edit(this);
        change.accept(e);
        return new Action(e.id, e.name, e.target, e.description, e.threat, e.validFrom, e.expireAfter, e.operations,
                e.pgpSignatures, e.investigators, e.status, e.startTime, e.finishTime, e.lastUpdateTime, e.counters,
                e.syntaxVersion);
    }

    /** The fields of an action being copied with changes. */
    private static final class Edit {
        long id;
        String name;
        String target;
        Description description;
        Threat threat;
        OffsetDateTime validFrom;
        OffsetDateTime expireAfter;
        List<Operation> operations;
        List<String> pgpSignatures;
        List<Investigator> investigators;
        String status;
        OffsetDateTime startTime;
        OffsetDateTime finishTime;
        OffsetDateTime lastUpdateTime;
        Counters counters;
        int syntaxVersion;

        Edit(Action a) {
            id = a.id;
            name = a.name;
            target = a.target;
            description = a.description;
            threat = a.threat;
            validFrom = a.validFrom;
            expireAfter = a.expireAfter;
            operations = a.operations;
            pgpSignatures = a.pgpSignatures;
            investigators = a.investigators;
            status = a.status;
            startTime = a.startTime;
            finishTime = a.finishTime;
            lastUpdateTime = a.lastUpdateTime;
            counters = a.counters;
            syntaxVersion = a.syntaxVersion;
        }
    }
}
