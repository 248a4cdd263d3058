package io.gator.api.backend;

import io.gator.core.action.Action;
import io.gator.core.agent.Agent;
import io.gator.core.command.Command;
import io.gator.core.command.Result;
import io.gator.core.investigator.Investigator;
import io.gator.core.investigator.Permissions;
import io.gator.core.json.MigTime;
import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryBackendTest {
    final Clock clock = Clock.fixed(Instant.parse("2026-11-23T07:00:00Z"), ZoneOffset.UTC);
    final OffsetDateTime now = OffsetDateTime.now(clock);
    final InMemoryBackend b = new InMemoryBackend(clock);

    Action action(long id, String name, OffsetDateTime validFrom) {
        return Action.of(id, name, "status='online'", validFrom, validFrom.plusHours(1), List.of())
                .withSignatures(List.of("s")).withStatus("completed");
    }

    Agent agent(long id, String name, String status) {
        return Agent.of(name, "linux." + name).withId(id).withMode("daemon").withProcess("1.0", id)
                .withTimes(now, now.minusSeconds(id), MigTime.ZERO).withStatus(status);
    }

    <T> T join(java.util.concurrent.CompletionStage<T> s) {
        return s.toCompletableFuture().join();
    }

    @Test
    void likeFollowsIlikeWithStarAsWildcard() {
        assertTrue(InMemoryBackend.like("%", "anything"));
        assertTrue(InMemoryBackend.like("file%", "FILE -t all"));
        assertTrue(InMemoryBackend.like("*passwd*", "file -name ^passwd$"));
        assertTrue(InMemoryBackend.like("h_st", "host"));
        assertFalse(InMemoryBackend.like("file", "file -t all"));
        assertFalse(InMemoryBackend.like("a.c", "abc"), "regex characters are literal");
    }

    @Test
    void actionSearchFiltersByNameOrdersByValidFromAndPages() {
        b.put(action(1, "file one", now.minusHours(3)));
        b.put(action(2, "file two", now.minusHours(1)));
        b.put(action(3, "netstat", now.minusHours(2)));
        SearchQuery d = SearchQuery.defaults(SearchType.ACTION, now);
        SearchResult.Actions all = (SearchResult.Actions) join(b.search(d));
        assertEquals(List.of(2L, 3L, 1L), all.items().stream().map(Action::id).toList());
        SearchQuery files = new SearchQuery(SearchType.ACTION, OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), "file%", "%", "%", "%", "%", "%", d.after(), d.before(),
                Optional.empty(), 1, 1, Optional.empty());
        assertEquals(List.of(1L), ((SearchResult.Actions) join(b.search(files))).items().stream().map(Action::id).toList());
    }

    @Test
    void commandSearchByActionAndFoundAnything() {
        Action a = action(10, "file", now.minusMinutes(5));
        b.put(a);
        Result found = new Result(true, true, NullNode.getInstance(), NullNode.getInstance(), List.of());
        Result nothing = new Result(false, true, NullNode.getInstance(), NullNode.getInstance(), List.of());
        b.put(new Command(100, a, agent(1, "h1", "online"), "success", List.of(found), now, now));
        b.put(new Command(101, a, agent(2, "h2", "online"), "success", List.of(nothing), now, now));
        SearchQuery d = SearchQuery.defaults(SearchType.COMMAND, now);
        SearchQuery q = new SearchQuery(SearchType.COMMAND, OptionalLong.of(10), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), "%", "%", "%", "%", "%", "%", d.after(), d.before(),
                Optional.of(true), 37, 0, Optional.empty());
        assertEquals(List.of(100L), ((SearchResult.Commands) join(b.search(q))).items().stream().map(Command::id).toList());
    }

    @Test
    void agentTargetSearchUsesTheTargetOnly() {
        b.put(agent(1, "web", "online"));
        b.put(agent(2, "db", "online"));
        b.put(agent(3, "old", "offline"));
        SearchQuery d = SearchQuery.defaults(SearchType.AGENT, now);
        SearchQuery q = new SearchQuery(SearchType.AGENT, OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), "%", "nomatch", "%", "%", "%", "%", d.after(), d.before(),
                Optional.empty(), 100, 0, Optional.of("status='online'"));
        assertEquals(List.of(1L, 2L), ((SearchResult.Agents) join(b.search(q))).items().stream().map(Agent::id).toList());
        assertThrows(CompletionException.class, () -> join(b.search(new SearchQuery(SearchType.AGENT,
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), "%", "%", "%",
                "%", "%", "%", d.after(), d.before(), Optional.empty(), 100, 0, Optional.of("uptime > 3")))));
    }

    @Test
    void dashboardCountsOnlineAgentsPerVersionAndEndpoint() {
        b.put(agent(1, "web", "online"));
        b.put(agent(2, "db", "online"));
        DashboardStats s = join(b.dashboard());
        assertEquals(2, s.onlineAgents());
        assertEquals(List.of(new DashboardStats.VersionCount("1.0", 2)), s.onlineAgentsByVersion());
        assertEquals(2, s.onlineEndpoints());
        assertEquals(0, s.multiAgentEndpoints());
        assertTrue(s.idleAgentsByVersion().isEmpty());
    }

    @Test
    void unavailableBackendFailsEveryCall() {
        b.setAvailable(false);
        CompletionException e = assertThrows(CompletionException.class, () -> join(b.action(1)));
        assertInstanceOf(BackendUnavailableException.class, e.getCause());
    }

    @Test
    void apiKeysAreListedOnlyForActiveInvestigators() {
        b.put(new Investigator(1, "admin", "AA", "", "active", now, now, Permissions.ALL));
        b.put(new Investigator(2, "user", "BB", "", "active", now, now, Permissions.INVESTIGATOR));
        join(b.updateInvestigator(new InvestigatorUpdate(2, Optional.empty(), Optional.empty(),
                Optional.of(new InvestigatorUpdate.ApiKeyChange.Set(new byte[32], new byte[16])))));
        assertEquals(1, join(b.apiKeyCredentials()).size());
        join(b.updateInvestigator(new InvestigatorUpdate(2, Optional.of("disabled"), Optional.empty(), Optional.empty())));
        assertEquals(0, join(b.apiKeyCredentials()).size(), "a disabled investigator's key no longer counts");
    }
}
