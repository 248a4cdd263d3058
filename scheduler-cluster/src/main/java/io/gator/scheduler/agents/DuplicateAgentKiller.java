package io.gator.scheduler.agents;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gator.core.action.Action;
import io.gator.core.action.Description;
import io.gator.core.action.Operation;
import io.gator.core.agent.Agent;
import io.gator.core.id.IdGenerator;
import io.gator.core.json.MigJson;
import io.gator.core.module.agentdestroy.AgentDestroyModule;
import io.gator.core.module.agentdestroy.AgentDestroyParameters;
import io.gator.core.sign.SignatureException;
import io.gator.core.sign.Signer;
import io.gator.persistence.agent.AgentKillRepository;
import io.gator.persistence.agent.AgentKillRepository.Kill;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MIG's {@code detectMultiAgents} / {@code killDupAgents}, once per status pass: endpoints (host names) with two
 * or more online agents are reported; with {@code kill-duplicates} on, the oldest agent process of each such
 * endpoint gets an {@code agentdestroy} order with its PID and version, signed with the scheduler's key and
 * created through the action entity like any action. One agent per endpoint per pass, as MIG does, and never the
 * same process twice: the order is claimed in {@code agent_kills} before the action is created.
 *
 * <p>The order is addressed to the <em>newest</em> agent of the endpoint, not to the old one: an agent refuses
 * to destroy its own process ("Refusing to suicide"), so only a sibling on the same host can carry it out. In MIG
 * both agents shared one queue, which is why MIG's target (that queue) reached a sibling.
 */
public final class DuplicateAgentKiller {
    private static final Logger log = LoggerFactory.getLogger(DuplicateAgentKiller.class);
    /** MIG's queue locations; anything else is not put into a target string. */
    private static final Pattern SAFE_QUEUE = Pattern.compile("[A-Za-z0-9._:-]+");

    private final AgentKillRepository kills;
    private final Supplier<Optional<Signer>> signer;
    private final ActionCreator creator;
    private final AgentsSettings settings;
    private final Clock clock;
    private final Executor blocking;

    public DuplicateAgentKiller(AgentKillRepository kills, Supplier<Optional<Signer>> signer, ActionCreator creator,
                                AgentsSettings settings, Clock clock, Executor blocking) {
        this.kills = kills;
        this.signer = signer;
        this.creator = creator;
        this.settings = settings;
        this.clock = clock;
        this.blocking = blocking;
    }

    /** What one pass saw and did: endpoints with duplicates, actions claimed now, actions created now. */
    public record Report(int endpoints, List<Long> claimed, List<Long> created) {}

    /** One pass: detect, claim kills, then create every claimed action not created yet (this pass's and earlier). */
    public CompletionStage<Report> pass() {
        return CompletableFuture.supplyAsync(this::detectAndClaim, blocking)
                .thenCompose(r -> createPending().thenApply(created -> new Report(r.endpoints(), r.claimed(), created)));
    }

    private Report detectAndClaim() {
        Map<String, List<Agent>> byEndpoint = new LinkedHashMap<>();
        for (Agent a : kills.onlineOnSharedEndpoints()) {
            byEndpoint.computeIfAbsent(a.name(), k -> new ArrayList<>()).add(a);
        }
        List<Long> claimed = new ArrayList<>();
        byEndpoint.forEach((endpoint, agents) -> {
            // agents already told to stop are left alone while they finish (MIG's "destroyed" agents)
            List<Agent> remaining = agents.stream().filter(a -> !kills.isClaimed(a.queueLoc(), a.pid())).toList();
            if (remaining.size() < 2) {
                return;
            }
            if (!settings.killDuplicates()) {
                log.warn("found {} agents running on {}; require manual inspection ({})", remaining.size(), endpoint,
                        remaining.stream().map(a -> a.queueLoc() + " pid " + a.pid()).toList());
                return;
            }
            Agent oldest = remaining.get(0);
            Agent carrier = remaining.get(remaining.size() - 1);
            Optional<Signer> s = signer.get();
            if (s.isEmpty()) {
                log.debug("{} agents on {}: the scheduler key is not ready yet, kill deferred", remaining.size(), endpoint);
                return;
            }
            if (!SAFE_QUEUE.matcher(carrier.queueLoc()).matches() || oldest.pid() < 2 || oldest.version().isEmpty()) {
                log.warn("{} agents on {}: cannot address a kill (queue {}, pid {}, version '{}')", remaining.size(),
                        endpoint, carrier.queueLoc(), oldest.pid(), oldest.version());
                return;
            }
            try {
                Kill k = killOrder(oldest, carrier, s.get());
                if (kills.claim(k)) {
                    claimed.add(k.actionId());
                    log.info("issuing destruction action {} for agent '{}' {} pid {} (version {}), carried by {}",
                            k.actionId(), oldest.name(), oldest.queueLoc(), oldest.pid(), oldest.version(),
                            carrier.queueLoc());
                }
            } catch (SignatureException e) {
                log.error("cannot sign the kill of {} pid {}: {}", oldest.queueLoc(), oldest.pid(), e.getMessage());
            }
        });
        return new Report(byEndpoint.size(), claimed, List.of());
    }

    /** The signed agentdestroy action (MIG's {@code issueKillAction}: name, validity -60s..+30m, one operation). */
    Kill killOrder(Agent oldest, Agent carrier, Signer s) throws SignatureException {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        long id = IdGenerator.nextId();
        var params = AgentDestroyModule.INSTANCE.toJson(new AgentDestroyParameters(oldest.pid(), oldest.version()));
        Action unsigned = Action.of(id, "Kill agent " + oldest.name(), "queueloc='" + carrier.queueLoc() + "'",
                        now.minusSeconds(60), now.plus(settings.killActionValidity()),
                        List.of(new Operation(AgentDestroyModule.INSTANCE.name(), params)))
                .withDescription(new Description("Gator scheduler", "", "", 0));
        Action signed = s.signAction(unsigned);
        return new Kill(oldest.queueLoc(), oldest.pid(), oldest.name(), id, MigJson.write(signed), false, now);
    }

    private CompletionStage<List<Long>> createPending() {
        return CompletableFuture.supplyAsync(kills::notCreated, blocking).thenCompose(pending -> {
            List<CompletableFuture<Optional<Long>>> all = new ArrayList<>();
            OffsetDateTime now = OffsetDateTime.now(clock);
            for (Kill k : pending) {
                if (k.issuedAt().plus(settings.killActionValidity()).isBefore(now)) {
                    // its validity is over: the entity would refuse it, and a new order is not ours to make
                    log.warn("kill action {} for {} pid {} was never created and has expired; given up", k.actionId(),
                            k.queueLoc(), k.pid());
                    all.add(CompletableFuture.supplyAsync(() -> {
                        kills.markCreated(k.actionId());
                        return Optional.<Long>empty();
                    }, blocking));
                    continue;
                }
                all.add(creator.create(k.actionId(), k.actionJson()).toCompletableFuture()
                        .thenApplyAsync(summary -> {
                            kills.markCreated(k.actionId());
                            return Optional.of(k.actionId());
                        }, blocking)
                        .exceptionally(err -> {
                            log.warn("creating kill action {} failed, retried next pass: {}", k.actionId(), err.toString());
                            return Optional.empty();
                        }));
            }
            return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                    .thenApply(v -> all.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList());
        });
    }
}
