package io.gator.agent.persist.dispatch;

import com.typesafe.config.ConfigFactory;
import io.gator.agent.persist.PersistentContext;
import io.gator.agent.persist.PersistentModule;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.apache.pekko.actor.typed.Behavior;

/**
 * MIG's dispatch module: receives every other persistent module's alerts and POSTs each to the collector named
 * by dispatch.cfg's {@code httpurl}, as a record about this agent or, with {@code outputmozdef}, as a MozDef event.
 */
public final class DispatchModule implements PersistentModule {
    static final String NAME = "dispatch";

    private final DispatchTunables tunables;

    /** With the agent's {@code gator.agent.persist.dispatch} settings. */
    public DispatchModule() {
        this(DispatchTunables.from(ConfigFactory.load().getConfig("gator.agent.persist.dispatch")));
    }

    public DispatchModule(DispatchTunables tunables) {
        this.tunables = tunables;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean receivesAlerts() {
        return true;
    }

    @Override
    public Behavior<Message> create(PersistentContext context) {
        DispatchSettings settings = DispatchSettings.from(context.settings(), context.log());
        RecordFormat format = new RecordFormat(context.hostname(), context.environment(), context.tags(),
                settings.outputMozdef() ? Optional.of(mozdefSource(context)) : Optional.empty(), context.clock());
        return DispatchActor.create(settings, format, tunables, context.log(), context.clock());
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
