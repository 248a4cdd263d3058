package io.gator.agent.persist.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import io.gator.agent.persist.PersistentConfigException;
import io.gator.agent.persist.PersistentContext;
import io.gator.agent.persist.PersistentModule;
import io.gator.core.command.Result;
import java.util.List;
import java.util.Locale;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * MIG's audit module: takes over the Linux kernel's audit subsystem as auditd would (enables it, sets its limits,
 * makes this process the audit daemon, REPLACES every kernel audit rule with the rules file's) and sends each
 * audit event as an alert. Linux only. A query answers {@code {"ok":true}} while it runs.
 */
public final class AuditModule implements PersistentModule {
    public static final String NAME = "audit";

    private final AuditNetlink.Opener opener;
    private final String osName;
    private final String arch;
    private final int pid;

    /** The module on this host, talking to the kernel. */
    public AuditModule() {
        this(JnaAuditNetlink::open, System.getProperty("os.name"), goArch(System.getProperty("os.arch")),
                (int) ProcessHandle.current().pid());
    }

    /**
     * The module with another netlink connection (a fake kernel in tests), OS name (as Java's {@code os.name}),
     * architecture in Go's words and process id (sent as the audit daemon's pid).
     */
    public AuditModule(AuditNetlink.Opener opener, String osName, String arch, int pid) {
        this.opener = opener;
        this.osName = osName;
        this.arch = arch;
        this.pid = pid;
    }

    /** Never without audit.cfg: once started, the module replaces the host's kernel audit rules. */
    @Override
    public boolean startsOnlyWhenConfigured() {
        return true;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Behavior<Message> create(PersistentContext context) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            throw new PersistentConfigException("audit module not supported on " + goOs(osName));
        }
        AuditConfig config = AuditConfig.from(context.settings());
        return Behaviors.setup(ctx -> {
            context.log().info("module received configuration");
            Passwd passwd = new Passwd(context.root());
            AuditSession session = new AuditSession(config, opener, new RuleCompiler(context.root()),
                    new EventAssembler(new AuditRecordParser(new FieldInterpreter(passwd, arch))),
                    context.alerts(), context.log(), pid);
            ctx.watch(ctx.spawn(AuditReader.create(session, context.log()), "reader"));
            return Behaviors.receive(Message.class)
                    .onMessage(Query.class, q -> {
                        q.replyTo().tell(healthy());
                        return Behaviors.same();
                    })
                    .onMessage(Alert.class, a -> Behaviors.same())
                    .onSignal(ChildFailed.class, f -> {
                        throw new AuditReader.SessionFailed(f.cause().getMessage());
                    })
                    .onSignal(Terminated.class, t -> {
                        throw new AuditReader.SessionFailed("audit reader stopped");
                    })
                    .build();
        });
    }

    /** MIG's answer to a query of a running audit module. */
    static Result healthy() {
        return new Result(true, true, JsonNodeFactory.instance.objectNode().put("ok", true), NullNode.getInstance(),
                List.of());
    }

    static String goOs(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return "darwin";
        }
        if (os.startsWith("windows")) {
            return "windows";
        }
        return os.replace(" ", "");
    }

    static String goArch(String javaArch) {
        return switch (javaArch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> javaArch;
        };
    }
}
