package io.gator.agent.persist;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.LoggerFactory;

/**
 * One start of one persistent module: reads its settings, creates its actor as a watched child and tells the host
 * it runs. When the child fails or stops, the cell fails too, so that its supervisor starts the module again after
 * the backoff (MIG restarts a module that died); a configuration error is logged as such.
 */
final class ModuleCell {
    /** Why a module's cell gives up; its supervisor restarts it. */
    static final class ModuleDownException extends RuntimeException {
        ModuleDownException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private ModuleCell() {}

    /** The failure's reason: a configuration error anywhere in the chain, else its deepest cause. */
    static Throwable reason(Throwable failure) {
        Throwable t = failure;
        while (true) {
            if (t instanceof PersistentConfigException || t.getCause() == null || t.getCause() == t) {
                return t;
            }
            t = t.getCause();
        }
    }

    static Behavior<PersistentModule.Message> create(PersistentModule module, PersistentModules.Setup setup,
                                                     ActorRef<PersistentModules.Protocol> host) {
        String name = module.name();
        return Behaviors.setup(ctx -> {
            ActorRef<PersistentModule.Message> child;
            try {
                PersistentContext pc = new PersistentContext(name, setup.settings().apply(name),
                        message -> host.tell(new PersistentModules.Raise(name, message)),
                        LoggerFactory.getLogger(name), setup.hostname(), setup.environment().get(), setup.tags(),
                        setup.clock(), setup.root());
                // the cell reports the failure, once, as the module's
                child = ctx.spawn(Behaviors.supervise(module.create(pc))
                        .onFailure(SupervisorStrategy.stop().withLoggingEnabled(false)), "run");
            } catch (PersistentConfigException e) {
                ctx.getLog().error("[{}] configuration: {}", name, e.getMessage());
                throw e;
            } catch (RuntimeException e) {
                ctx.getLog().error("[{}] module failed: {}", name, e.getMessage() == null ? e.toString()
                        : e.getMessage());
                throw e;
            }
            ctx.watch(child);
            host.tell(new PersistentModules.Up(name, child));
            return Behaviors.<PersistentModule.Message>receive((c, m) -> {
                        child.tell(m);
                        return Behaviors.same();
                    }, (c, signal) -> {
                        if (signal instanceof ChildFailed f) {
                            host.tell(new PersistentModules.Down(name, child));
                            Throwable cause = reason(f.getCause());
                            if (cause instanceof PersistentConfigException e) {
                                c.getLog().error("[{}] configuration: {}", name, e.getMessage());
                            } else {
                                c.getLog().error("[{}] module failed: {}", name, cause.getMessage() == null
                                        ? cause.toString() : cause.getMessage());
                            }
                            throw new ModuleDownException("module " + name + " failed", f.getCause());
                        }
                        if (signal instanceof Terminated) {
                            host.tell(new PersistentModules.Down(name, child));
                            throw new ModuleDownException("module " + name + " stopped", null);
                        }
                        if (signal instanceof PreRestart || signal instanceof PostStop) {
                            host.tell(new PersistentModules.Down(name, child));
                        }
                        return Behaviors.same();
                    });
        });
    }
}
