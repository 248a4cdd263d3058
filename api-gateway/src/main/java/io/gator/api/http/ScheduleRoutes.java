package io.gator.api.http;

import io.gator.api.auth.Permission;
import io.gator.api.backend.ApiBackend;
import io.gator.api.backend.BackendRejectedException;
import io.gator.api.backend.NotFoundException;
import io.gator.api.backend.SignedRun;
import io.gator.api.backend.StandingOrderView;
import io.gator.api.cosign.CosignService;
import io.gator.api.schedule.ScheduleSettings;
import io.gator.api.schedule.SeriesChecks;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Standing orders (Gator's addition): create a pre-signed series, list, show one, cancel the runs to come. */
final class ScheduleRoutes extends AllDirectives {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleRoutes.class);
    /** Most orders one list answers. */
    static final int LIST_MAX = 1000;

    private final ApiBackend backend;
    private final SeriesChecks checks;
    private final Calls calls;
    private final Links links;
    private final CosignService cosign;
    private final ScheduleSettings settings;

    ScheduleRoutes(ApiBackend backend, SeriesChecks checks, Calls calls, Links links, CosignService cosign,
                   ScheduleSettings settings) {
        this.backend = backend;
        this.checks = checks;
        this.calls = calls;
        this.links = links;
        this.cosign = cosign;
        this.settings = settings;
    }

    Route route() {
        return concat(
                path("schedule", () -> get(() -> calls.call(Permission.ACTION, Set.of("id"), call ->
                        calls.answer(call, () -> show(call))))),
                path(PathMatchers.segment("schedule").slash("list"), () -> get(() ->
                        calls.call(Permission.ACTION, Set.of("limit"), call -> calls.answer(call, () -> list(call))))),
                path(PathMatchers.segment("schedule").slash("create").slash(), () -> post(() ->
                        calls.call(Permission.ACTION_CREATE, Set.of(), settings.bodyLimit(), call ->
                                formFieldOptional("schedule", series -> formFieldOptional("sinks", sinks ->
                                        formFieldOptional(ActionRoutes.LATE_REACH, late -> calls.answer(call, () ->
                                                create(call, series, sinks, ActionRoutes.lateReach(late))))))))),
                path(PathMatchers.segment("schedule").slash("cancel").slash(), () -> post(() ->
                        calls.call(Permission.ACTION_CREATE, Set.of(), call -> formFieldOptional("id", id ->
                                calls.answer(call, () -> cancel(call, id)))))));
    }

    private String href(long id) {
        return links.base() + "/schedule?id=" + id;
    }

    private HttpResponse one(Call call, StandingOrderView o) {
        return Answers.ok(new Collection(call.href()).item(href(o.id()), "standing order", o));
    }

    private CompletionStage<HttpResponse> show(Call call) {
        long id = SearchParams.requiredId(call.query(), "id");
        return backend.standingOrder(id).thenApply(found -> one(call, found.orElseThrow(() ->
                new NotFoundException("standing order " + id + " not found"))));
    }

    private CompletionStage<HttpResponse> list(Call call) {
        int limit = LIST_MAX;
        String l = call.query().get("limit");
        if (l != null) {
            limit = (int) Math.min(LIST_MAX, SearchParams.parseId("limit", l));
        }
        return backend.standingOrders(limit).thenApply(orders -> {
            Collection c = new Collection(call.href());
            orders.forEach(o -> c.item(href(o.id()), "standing order", o));
            return Answers.ok(c);
        });
    }

    /** Form field {@code sinks}: sink specs one per line ({@code jsonl:NAME}, {@code webhook:URL}, {@code plugin:NAME}). */
    static List<io.gator.scheduler.sink.SinkSpec> sinks(Optional<String> field) {
        List<io.gator.scheduler.sink.SinkSpec> out = new java.util.ArrayList<>();
        String[] lines = field.orElse("").split("\n");
        if (lines.length > MAX_SINKS) {
            throw new ApiError(StatusCodes.BAD_REQUEST, "at most " + MAX_SINKS + " sinks");
        }
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(io.gator.scheduler.sink.SinkSpec.parse(line.strip()));
            } catch (IllegalArgumentException e) {
                throw new ApiError(StatusCodes.BAD_REQUEST, e.getMessage());
            }
        }
        return out;
    }

    /** Most sinks one order names. */
    static final int MAX_SINKS = 16;

    private CompletionStage<HttpResponse> create(Call call, Optional<String> json, Optional<String> sinkField,
                                                 boolean lateReach) {
        List<io.gator.scheduler.sink.SinkSpec> sinks = sinks(sinkField);
        SeriesChecks.Series series = checks.parse(json.orElse(""));
        return backend.activeInvestigators().thenCompose(active -> {
            List<SignedRun> runs = checks.check(series, active, call.investigator());
            for (int i = 0; i < runs.size(); i++) {
                if (cosign.shortfall(runs.get(i).action(), runs.get(i).signers()).isPresent()) {
                    throw new BackendRejectedException("run " + i + " carries less signature weight than the agents "
                            + "require: a series cannot wait for co-signatures (the whole series is refused)");
                }
            }
            String name = series.name().isEmpty() ? runs.get(0).action().name() : series.name();
            return backend.createStandingOrder(name, runs, call.investigator(), lateReach, sinks).thenApply(o -> {
                LOG.info("standing order {} '{}' of {} runs created by {}", o.id(), o.name(), o.runs().size(),
                        call.investigator().name());
                return Answers.json(StatusCodes.ACCEPTED, new Collection(call.href())
                        .item(href(o.id()), "standing order", o).toJson());
            });
        });
    }

    private CompletionStage<HttpResponse> cancel(Call call, Optional<String> id) {
        long orderId = SearchParams.parseId("id", id.orElseThrow(() ->
                new ApiError(StatusCodes.BAD_REQUEST, "missing form field 'id'")));
        return backend.cancelStandingOrder(orderId, call.investigator()).thenApply(o -> one(call, o));
    }
}
