package io.gator.agent.persist;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.core.command.Result;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/**
 * A module the agent keeps running for its whole life (MIG's persistent modules: fswatch, audit, dispatch). Each
 * is an actor under the agent's guardian, not a subprocess: the agent's persistent-module host spawns it at start
 * (unless {@code nopersistmods}), restarts it with backoff when it fails, routes its alerts and answers an
 * investigator's query to it.
 *
 * <p>Implementations are found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.gator.agent.persist.PersistentModule}) and have a public no-argument constructor.
 * {@link #create} reads the module's configuration from its context and throws
 * {@link PersistentConfigException} naming the setting when it is unusable; any exception thrown by the behavior
 * is a crash, after which the host starts it again.
 */
public interface PersistentModule {
    /** The module name, as in operations and in {@code <confdir>/<name>.cfg}. */
    String name();

    /** The module's actor; configuration errors are thrown as {@link PersistentConfigException}. */
    Behavior<Message> create(PersistentContext context);

    /**
     * This module with the agent's tunables for it ({@code gator.agent.persistent.modules.<name>}); called only when
     * that section exists. Modules without tunables keep the default, which returns itself.
     */
    default PersistentModule configured(com.typesafe.config.Config section) {
        return this;
    }

    /** Whether this module takes every other module's alerts (dispatch); at most one such module runs. */
    default boolean receivesAlerts() {
        return false;
    }

    /**
     * Whether the module starts only when the agent's operator configured it ({@code <name>.cfg} or
     * {@code <name>.conf} exists and is not empty). For a module that takes over part of the host (audit replaces
     * the kernel's audit rules): MIG leaves such modules out of its default build.
     */
    default boolean startsOnlyWhenConfigured() {
        return false;
    }

    /** What the host sends a persistent module. */
    sealed interface Message permits Query, Alert {}

    /**
     * An investigator's query (an operation naming this module): answered with a result, MIG's
     * {@code {"ok":true}} health for fswatch, audit and dispatch.
     */
    record Query(JsonNode parameters, ActorRef<Result> replyTo) implements Message {}

    /** An alert raised by another persistent module; sent only to the module that {@link #receivesAlerts()}. */
    record Alert(String message) implements Message {}
}
