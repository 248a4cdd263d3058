package io.gator.api.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.api.action.ActionChecks;
import io.gator.api.auth.Permission;
import io.gator.api.backend.ApiBackend;
import io.gator.api.backend.ForbiddenException;
import io.gator.api.backend.NotFoundException;
import io.gator.api.cosign.CosignService;
import io.gator.api.cosign.PendingAction;
import io.gator.api.cosign.PendingStatus;
import io.gator.api.cosign.PendingView;
import io.gator.api.cosign.Weighing;
import io.gator.core.action.Action;
import io.gator.core.investigator.Investigator;
import io.gator.core.json.MigJson;
import io.gator.scheduler.action.Pacing;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** Actions and their commands: read one, create, cancel, its journal; a command by ID. */
final class ActionRoutes extends AllDirectives {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);

    private final ApiBackend backend;
    private final ActionChecks checks;
    private final Calls calls;
    private final Links links;

    private final CosignService cosign;

    ActionRoutes(ApiBackend backend, ActionChecks checks, Calls calls, Links links, CosignService cosign) {
        this.backend = backend;
        this.checks = checks;
        this.calls = calls;
        this.links = links;
        this.cosign = cosign;
    }

    Route route() {
        return concat(
                path("action", () -> get(() -> calls.call(Permission.ACTION, Set.of("actionid"), call ->
                        calls.answer(call, () -> action(call))))),
                path(PathMatchers.segment("action").slash("create").slash(), () -> post(() ->
                        calls.call(Permission.ACTION_CREATE, Set.of(), call -> formFieldOptional("action", action ->
                                formFieldOptional("sinks", sinks -> formFieldOptional(LATE_REACH, late ->
                                        formFieldOptional(PACE, pace -> formFieldOptional(IN_FLIGHT, inFlight ->
                                                calls.answer(call, () -> createWithSinks(call, action, sinks,
                                                        lateReach(late), pacing(pace, inFlight))))))))))),
                path(PathMatchers.segment("action").slash("cancel").slash(), () -> post(() ->
                        calls.call(Permission.ACTION_CREATE, Set.of(), call -> formFieldOptional("actionid", id ->
                                calls.answer(call, () -> cancel(call, id)))))),
                path(PathMatchers.segment("action").slash("events"), () -> get(() ->
                        calls.call(Permission.ACTION, Set.of("actionid"), call -> calls.answer(call, () -> events(call))))),
                path("command", () -> get(() -> calls.call(Permission.COMMAND, Set.of("commandid"), call ->
                        calls.answer(call, () -> command(call))))));
    }

    private CompletionStage<HttpResponse> action(Call call) {
        long id = SearchParams.requiredId(call.query(), "actionid");
        return backend.action(id).thenApply(found -> found
                .map(a -> Answers.ok(new Collection(call.href()).item(links.action(a.id()), "action", a)))
                .orElseThrow(() -> new NotFoundException("Action ID '" + id + "' not found")));
    }

    private CompletionStage<HttpResponse> command(Call call) {
        long id = SearchParams.requiredId(call.query(), "commandid");
        return backend.command(id).thenApply(found -> found
                .map(cmd -> Answers.ok(new Collection(call.href()).item(links.command(cmd.id()),
                        List.of(new Collection.Data("command", cmd)),
                        List.of(new Collection.Link("action", links.action(cmd.action().id()))))))
                .orElseThrow(() -> new NotFoundException("Command ID '" + id + "' not found")));
    }

    private CompletionStage<HttpResponse> events(Call call) {
        long id = SearchParams.requiredId(call.query(), "actionid");
        return backend.action(id).thenCompose(found -> {
            if (found.isEmpty()) {
                throw new NotFoundException("Action ID '" + id + "' not found");
            }
            return backend.actionEvents(id).thenApply(events -> {
                Collection c = new Collection(call.href());
                events.forEach(ev -> {
                    ObjectNode o = JsonNodeFactory.instance.objectNode();
                    o.put("sequencenr", ev.sequenceNr());
                    o.set("timestamp", MigJson.mapper().valueToTree(ev.timestamp()));
                    o.put("type", ev.type());
                    o.set("event", ev.event());
                    c.item(links.action(id), "event", o);
                });
                return Answers.ok(c);
            });
        });
    }

    /** Gator's create option (not in the signed action): reach agents that start matching during the window. */
    static final String LATE_REACH = "latereach";

    /** Absent, empty or "false": off (MIG's semantics); "true": on; anything else is refused. */
    static boolean lateReach(Optional<String> value) {
        String v = value.orElse("").trim();
        if (v.isEmpty() || v.equalsIgnoreCase("false")) {
            return false;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        throw new ApiError(StatusCodes.BAD_REQUEST, "form field '" + LATE_REACH + "' must be true or false");
    }

    /** Gator's create options (not in the signed action): commands per second, and commands in flight at most. */
    static final String PACE = "pace";
    static final String IN_FLIGHT = "inflight";

    /** Absent or empty: no limit; else an integer 1..1,000,000 each. Checked before anything is stored. */
    static Pacing pacing(Optional<String> pace, Optional<String> inFlight) {
        return new Pacing(paceField(PACE, pace), paceField(IN_FLIGHT, inFlight));
    }

    private static int paceField(String name, Optional<String> value) {
        String v = value.orElse("").trim();
        if (v.isEmpty()) {
            return 0;
        }
        if (v.length() > 7 || !v.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(v) < 1 || Integer.parseInt(v) > Pacing.MAX) {
            throw new ApiError(StatusCodes.BAD_REQUEST, "form field '" + name + "' must be an integer from 1 to "
                    + Pacing.MAX + (name.equals(PACE) ? " (commands per second)" : " (commands in flight)"));
        }
        return Integer.parseInt(v);
    }

    /**
     * Form field {@code sinks} (Gator only, outside the signed action): where the action's results go once it
     * finished, one sink per line, as for standing orders.
     */
    private CompletionStage<HttpResponse> createWithSinks(Call call, Optional<String> action,
                                                          Optional<String> sinkField, boolean lateReach,
                                                          Pacing pacing) {
        List<io.gator.scheduler.sink.SinkSpec> sinks = ScheduleRoutes.sinks(sinkField);
        return create(call, action, sinks, lateReach, pacing);
    }

    private CompletionStage<HttpResponse> create(Call call, Optional<String> action,
                                                 List<io.gator.scheduler.sink.SinkSpec> sinks, boolean lateReach,
                                                 Pacing pacing) {
        Action parsed = checks.parse(action.orElse(""));
        return backend.activeInvestigators().thenCompose(active -> {
            // an action lists its signers as MIG does: who they are, not their keys
            List<Investigator> signers = checks.signers(parsed, active).stream()
                    .map(i -> new Investigator(i.id(), i.name(), i.pgpFingerprint(), "", i.status(), i.createdAt(),
                            i.lastModified(), i.permissions()))
                    .toList();
            // a signed action can be read back by anyone with the "action" permission: only a signer may
            // post it, or anyone could run someone else's action again under that person's name
            if (signers.stream().noneMatch(s -> s.id() == call.investigator().id())) {
                throw new ForbiddenException("investigator " + call.investigator().name()
                        + " did not sign this action: only one of its signers may post it");
            }
            // too little weight for the agents' ACL: held until co-signers add theirs (never refused, never sent)
            if (cosign.shortfall(parsed, signers).isPresent()) {
                // the pending table keeps the signed action only: options would be lost at the last signature
                if (!sinks.isEmpty() || lateReach || pacing.paced()) {
                    throw new ApiError(StatusCodes.BAD_REQUEST, (lateReach ? "late reach" : pacing.paced() ? "a pace"
                            : "sinks") + " cannot be asked for an action that awaits co-signatures");
                }
                return cosign.hold(parsed, signers, call.investigator()).thenApply(p -> awaiting(call, p));
            }
            if (!sinks.isEmpty()) {
                // registered once the action exists: a refused sink is answered, the action runs without it
                return backend.createAction(parsed, signers, call.investigator(), lateReach, pacing).thenCompose(stored ->
                        backend.deliverToSinks(stored.id(), stored.name(), stored.expireAfter().toInstant(), sinks)
                                .thenApply(done -> created(call, stored)));
            }
            return backend.createAction(parsed, signers, call.investigator(), lateReach, pacing)
                    .thenApply(stored -> created(call, stored));
        });
    }

    /**
     * Too little signature weight for the agents' ACL: MIG's 202 envelope with the action as it will be created
     * (status "awaiting signatures"), plus what co-signers must add.
     */
    private HttpResponse awaiting(Call call, PendingAction p) {
        Weighing w = cosign.weigh(p);
        LOG.info("action {} '{}' by {} awaits co-signatures ({})", p.id(), p.action().name(),
                call.investigator().name(), w.missing());
        String review = links.base() + "/cosign/action?actionid=" + p.id();
        return Answers.json(StatusCodes.ACCEPTED, new Collection(call.href())
                .item(review, List.of(
                                new Collection.Data("action ID " + p.id(),
                                        p.action().withStatus(PendingStatus.AWAITING.label())),
                                new Collection.Data("cosign", PendingView.of(p, w))),
                        List.of(new Collection.Link("cosign", review)))
                .toJson());
    }

    private HttpResponse created(Call call, Action stored) {
        LOG.info("action {} '{}' created by {}", stored.id(), stored.name(), call.investigator().name());
        return Answers.json(StatusCodes.ACCEPTED, new Collection(call.href())
                // MIG answers with the action as submitted plus its ID and status (no investigators)
                .item(links.action(stored.id()), "action ID " + stored.id(), stored.withInvestigators(List.of()))
                .toJson());
    }

    private CompletionStage<HttpResponse> cancel(Call call, Optional<String> actionId) {
        long id = SearchParams.parseId("actionid", actionId.orElseThrow(() ->
                new ApiError(StatusCodes.BAD_REQUEST, "missing form field 'actionid'")));
        return backend.cancelAction(id, call.investigator()).thenApply(a ->
                Answers.ok(new Collection(call.href()).item(links.action(a.id()), "action", a)));
    }
}
