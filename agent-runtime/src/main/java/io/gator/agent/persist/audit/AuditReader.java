package io.gator.agent.persist.audit;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;

/**
 * The actor that owns the audit session's thread (netlink reads block). When the session fails it logs MIG's
 * error text and fails, which fails the module so that the host starts it again; stopping it stops the thread.
 */
final class AuditReader {
    /** The session thread's outcome. */
    sealed interface Outcome permits Failed {}

    record Failed(String error) implements Outcome {}

    /** The reader failed: its text is what MIG's module logs before exiting 1. */
    static final class SessionFailed extends RuntimeException {
        SessionFailed(String message) {
            super(message);
        }
    }

    private static final long STOP_WAIT_MS = 3 * JnaAuditNetlink.RECEIVE_TIMEOUT_MS;

    private AuditReader() {
    }

    static Behavior<Outcome> create(AuditSession session, Logger log) {
        return Behaviors.setup(ctx -> {
            var self = ctx.getSelf();
            Thread thread = new Thread(() -> {
                try {
                    session.run();
                } catch (AuditException e) {
                    if (!session.stopped()) {
                        self.tell(new Failed(e.getMessage()));
                    }
                } catch (RuntimeException | LinkageError e) {
                    self.tell(new Failed(e.toString())); // a bug or a missing native library: fail, not hang
                }
            }, "gator-audit-reader");
            thread.setDaemon(true);
            thread.start();
            return Behaviors.receive(Outcome.class)
                    .onMessage(Failed.class, f -> {
                        log.error(f.error());
                        throw new SessionFailed(f.error());
                    })
                    .onSignal(PostStop.class, s -> {
                        session.stop();
                        thread.join(STOP_WAIT_MS);
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
