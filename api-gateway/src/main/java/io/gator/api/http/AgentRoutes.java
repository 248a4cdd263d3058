package io.gator.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gator.api.auth.Permission;
import io.gator.api.backend.ApiBackend;
import io.gator.api.backend.DashboardStats;
import io.gator.api.backend.NotFoundException;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** Agents as investigators see them: one by ID, and the dashboard's fleet statistics. */
final class AgentRoutes extends AllDirectives {
    private final ApiBackend backend;
    private final Calls calls;
    private final Links links;

    AgentRoutes(ApiBackend backend, Calls calls, Links links) {
        this.backend = backend;
        this.calls = calls;
        this.links = links;
    }

    Route route() {
        return concat(
                path("agent", () -> get(() -> calls.call(Permission.AGENT, Set.of("agentid"), call ->
                        calls.answer(call, () -> agent(call))))),
                path("dashboard", () -> get(() -> calls.call(Permission.DASHBOARD, Set.of(), call ->
                        calls.answer(call, () -> dashboard(call))))));
    }

    private CompletionStage<HttpResponse> agent(Call call) {
        long id = SearchParams.requiredId(call.query(), "agentid");
        return backend.agent(id).thenApply(found -> found
                .map(a -> Answers.ok(new Collection(call.href()).item(links.agent(a.id()), "agent", a)))
                .orElseThrow(() -> new NotFoundException("Agent ID '" + id + "' not found")));
    }

    private CompletionStage<HttpResponse> dashboard(Call call) {
        return backend.dashboard().thenApply(s -> {
            List<Collection.Data> stats = List.of(
                    new Collection.Data("online agents", s.onlineAgents()),
                    new Collection.Data("online agents by version", nilWhenEmpty(s.onlineAgentsByVersion())),
                    new Collection.Data("online endpoints", s.onlineEndpoints()),
                    new Collection.Data("idle agents", s.idleAgents()),
                    new Collection.Data("idle agents by version", nilWhenEmpty(s.idleAgentsByVersion())),
                    new Collection.Data("idle endpoints", s.idleEndpoints()),
                    new Collection.Data("new endpoints", s.newEndpoints()),
                    new Collection.Data("endpoints running 2 or more agents", s.multiAgentEndpoints()),
                    new Collection.Data("disappeared endpoints", s.disappearedEndpoints()),
                    new Collection.Data("flapping endpoints", s.flappingEndpoints()));
            Collection c = new Collection(call.href()).item(call.href(), stats, List.of());
            s.latestActions().stream().limit(10).forEach(a -> c.item(links.action(a.id()), "action", a));
            return Answers.ok(c);
        });
    }

    private static JsonNode nilWhenEmpty(List<DashboardStats.VersionCount> list) {
        if (list.isEmpty()) {
            return JsonNodeFactory.instance.nullNode();
        }
        var arr = JsonNodeFactory.instance.arrayNode();
        list.forEach(v -> arr.addObject().put("version", v.version()).put("count", v.count()));
        return arr;
    }
}
