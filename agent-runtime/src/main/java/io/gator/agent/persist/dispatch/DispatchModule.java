package io.gator.agent.persist.dispatch;

import com.typesafe.config.Config;
import io.gator.agent.persist.PersistentContext;
import io.gator.agent.persist.PersistentModule;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.typed.Behavior;

/**
 * MIG's dispatch module: receives every other persistent module's alerts and POSTs each to the collector named
 * by dispatch.cfg's {@code httpurl}, as a record about this agent or, with {@code outputmozdef}, as a MozDef event;
 * without {@code httpurl} it writes them to the agent's log.
 */
public final class DispatchModule implements PersistentModule {
    static final String NAME = "dispatch";

    private final DispatchTunables tunables;

    /** MIG's drop warnings (at most one per 5 min) and a 30 s limit on each POST (MIG has none). */
    public DispatchModule() {
        this(new DispatchTunables(Duration.ofMinutes(5), Duration.ofSeconds(30)));
    }

    public DispatchModule(DispatchTunables tunables) {
        this.tunables = tunables;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** This module with the agent's tunables for it, {@code gator.agent.persistent.modules.dispatch}. */
    @Override
    public PersistentModule configured(Config section) {
        return new DispatchModule(DispatchTunables.from(section));
    }

    @Override
    public boolean receivesAlerts() {
        return true;
    }

    @Override
    public Behavior<Message> create(PersistentContext context) {
        DispatchSettings settings = DispatchSettings.from(context.settings(), context.log());
        if (settings.httpUrl().isEmpty()) {
            return AlertLog.create(context.log());
        }
        RecordFormat format = new RecordFormat(context.hostname(), context.environment(), context.tags(),
                settings.outputMozdef() ? Optional.of(mozdefSource(context)) : Optional.empty(), context.clock());
        return DispatchActor.create(settings.httpUrl().get(), settings.channelSize(), format, tunables,
                context.log(), context.clock());
    }

    private static RecordFormat.MozdefSource mozdefSource(PersistentContext context) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = context.hostname();
        }
        return new RecordFormat.MozdefSource(host, ProcessHandle.current().pid(), "gator-agent");
    }
}
