package io.gator.api.backend;

import io.gator.core.action.Action;
import io.gator.core.agent.Agent;
import io.gator.core.agent.HttpHeartbeat;
import io.gator.core.command.Command;
import io.gator.core.investigator.Investigator;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What the API needs from the rest of the platform: reads from the read tables, writes through
 * the action entities and the investigator store. Every method may complete exceptionally with
 * {@link BackendUnavailableException} (answered 503), {@link NotFoundException} (404) or
 * {@link BackendRejectedException} (400, the message says why).
 */
public interface ApiBackend {

    CompletionStage<Optional<Action>> action(long id);

    CompletionStage<Optional<Command>> command(long id);

    CompletionStage<Optional<Agent>> agent(long id);

    CompletionStage<Optional<Investigator>> investigator(long id);

    /** Results of one type, ordered as MIG orders them, limit and offset applied. */
    CompletionStage<SearchResult> search(SearchQuery query);

    /**
     * Stores a checked action (signatures verified, signers given) under an ID the backend assigns (the
     * posted one is ignored: it is not signed) and hands it to the scheduler; records who posted it;
     * returns the action as stored, with its ID and its investigators.
     */
    CompletionStage<Action> createAction(Action action, List<Investigator> signers, Investigator postedBy);

    /**
     * Like {@link #createAction}; {@code lateReach} asks the scheduler to reach agents that start matching the
     * target while the action's window is open (a backend without it refuses the option).
     */
    default CompletionStage<Action> createAction(Action action, List<Investigator> signers, Investigator postedBy,
                                                 boolean lateReach) {
        return lateReach ? java.util.concurrent.CompletableFuture.failedFuture(
                new BackendRejectedException("this backend cannot reach late agents"))
                : createAction(action, signers, postedBy);
    }

    /**
     * Like {@link #createAction}; {@code pacing} asks the scheduler to send the commands at most at its rate and
     * with at most its cap in flight (a backend without paced dispatch refuses a paced create).
     */
    default CompletionStage<Action> createAction(Action action, List<Investigator> signers, Investigator postedBy,
                                                 boolean lateReach, io.gator.scheduler.action.Pacing pacing) {
        return pacing.paced() ? java.util.concurrent.CompletableFuture.failedFuture(
                new BackendRejectedException("this backend cannot pace dispatch"))
                : createAction(action, signers, postedBy, lateReach);
    }

    /**
     * Like {@link #createAction} under an ID chosen before (a co-signed action keeps the ID its signers reviewed);
     * creating the same action under the same ID again answers as the first time.
     */
    default CompletionStage<Action> createActionWithId(long id, Action action, List<Investigator> signers,
                                                       Investigator postedBy) {
        return java.util.concurrent.CompletableFuture.failedFuture(
                new BackendRejectedException("this backend cannot create co-signed actions"));
    }

    /**
     * Cancels a pending or running action on behalf of {@code by}, who must be one of its signers or an
     * admin ({@link ForbiddenException} otherwise); records who cancelled; returns the action afterwards.
     */
    CompletionStage<Action> cancelAction(long id, Investigator by);

    /** The action's journal in event order; empty when the action is unknown. */
    CompletionStage<List<JournalEvent>> actionEvents(long actionId);

    /**
     * Follows an action live: the first update holds its state and every command finished so far, the next ones
     * what each persisted change brought, the stream ends after the update marked last (a final status). Fails with
     * {@link NotFoundException} for an unknown action, or where the backend cannot follow (the API then answers 404,
     * and a client falls back to polling).
     */
    default CompletionStage<org.apache.pekko.stream.javadsl.Source<ActionUpdate, org.apache.pekko.NotUsed>> follow(
            long actionId) {
        return java.util.concurrent.CompletableFuture.failedFuture(
                new NotFoundException("live following is not available on this server"));
    }

    /**
     * Stores a standing order: runs checked by the API (every signature verified, windows in order), each created
     * as an action when its window opens. The backend assigns the order's ID and every run's action ID.
     */
    /** Like {@code createStandingOrder}; every run's action reaches late agents when {@code lateReach}. */
    default CompletionStage<StandingOrderView> createStandingOrder(String name, List<SignedRun> runs,
                                                                   Investigator postedBy, boolean lateReach) {
        return lateReach ? java.util.concurrent.CompletableFuture.failedFuture(
                new BackendRejectedException("this backend cannot reach late agents"))
                : createStandingOrder(name, runs, postedBy);
    }

    default CompletionStage<StandingOrderView> createStandingOrder(String name, List<SignedRun> runs,
                                                                   Investigator postedBy) {
        return java.util.concurrent.CompletableFuture.failedFuture(
                new BackendRejectedException("this backend cannot hold standing orders"));
    }

    /**
     * A standing order whose runs' results go to {@code sinks} once each run finished (a Gator option chosen on
     * the server side, outside the signed actions). A backend that cannot deliver refuses rather than drop them.
     */
    default CompletionStage<StandingOrderView> createStandingOrder(String name, List<SignedRun> runs,
            Investigator postedBy, List<io.gator.scheduler.sink.SinkSpec> sinks) {
        if (sinks.isEmpty()) {
            return createStandingOrder(name, runs, postedBy);
        }
        return java.util.concurrent.CompletableFuture.failedFuture(
                new BackendRejectedException("this backend cannot deliver results to sinks"));
    }

    /** A standing order with both server-side options: late reach for every run and sinks for their results. */
    default CompletionStage<StandingOrderView> createStandingOrder(String name, List<SignedRun> runs,
            Investigator postedBy, boolean lateReach, List<io.gator.scheduler.sink.SinkSpec> sinks) {
        if (lateReach && !sinks.isEmpty()) {
            return java.util.concurrent.CompletableFuture.failedFuture(
                    new BackendRejectedException("this backend cannot combine late reach and sinks"));
        }
        return lateReach ? createStandingOrder(name, runs, postedBy, true) : createStandingOrder(name, runs, postedBy, sinks);
    }

    /**
     * Registers the delivery of action {@code actionId}'s results to {@code sinks} once it finished (due after
     * {@code expireAfter}); a sink the scheduler does not allow fails with {@link BackendRejectedException}.
     */
    default CompletionStage<Void> deliverToSinks(long actionId, String name, java.time.Instant expireAfter,
                                                 List<io.gator.scheduler.sink.SinkSpec> sinks) {
        return java.util.concurrent.CompletableFuture.failedFuture(
                new BackendRejectedException("this backend cannot deliver results to sinks"));
    }

    /** One standing order; empty when unknown. */
    default CompletionStage<Optional<StandingOrderView>> standingOrder(long id) {
        return java.util.concurrent.CompletableFuture.completedFuture(Optional.empty());
    }

    /** Standing orders, newest first, at most {@code limit}. */
    default CompletionStage<List<StandingOrderView>> standingOrders(int limit) {
        return java.util.concurrent.CompletableFuture.completedFuture(List.of());
    }

    /** Stops the runs to come, on behalf of {@code by}: the poster or an admin ({@link ForbiddenException}). */
    default CompletionStage<StandingOrderView> cancelStandingOrder(long id, Investigator by) {
        return java.util.concurrent.CompletableFuture.failedFuture(new NotFoundException("standing order " + id));
    }

    CompletionStage<DashboardStats> dashboard();

    /** Records an agent's HTTP heartbeat (already validated by the API). */
    CompletionStage<Void> heartbeat(HttpHeartbeat heartbeat);

    /** Active investigators (with their public keys), for signature checks. */
    CompletionStage<List<Investigator>> activeInvestigators();

    /** By PGP fingerprint, case-insensitive, whatever the status. */
    CompletionStage<Optional<Investigator>> investigatorByFingerprint(String fingerprint);

    /** Active investigators holding an API key, with the stored hash and salt. */
    CompletionStage<List<ApiKeyCredential>> apiKeyCredentials();

    /**
     * Stores the lookup tag beside a key stored before tags existed, once the key verified, so that later
     * wrong keys no longer cost a PBKDF2 against it; nothing changes if the stored key is another by now.
     */
    CompletionStage<Void> tagApiKey(ApiKeyCredential verified, String lookup);

    CompletionStage<Investigator> createInvestigator(NewInvestigator investigator);

    /**
     * Applies the changes present in the update; returns the investigator afterwards. Refuses
     * ({@link BackendRejectedException}) to disable or demote the last active admin.
     */
    CompletionStage<Investigator> updateInvestigator(InvestigatorUpdate update);
}
