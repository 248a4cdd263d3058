package io.gator.agent.persist.audit;

import io.gator.agent.persist.AlertSink;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * One run of the audit module on its own thread: configure the kernel's audit subsystem as MIG does, then read
 * records and send each complete event as an alert until stopped. Errors carry MIG's texts
 * ({@code AuditSetEnabled: ...}); the rules file is read and checked before the kernel is touched, so a bad file
 * leaves the host's audit settings and rules as they were.
 */
final class AuditSession {
    private final AuditConfig config;
    private final AuditNetlink.Opener opener;
    private final RuleCompiler compiler;
    private final EventAssembler assembler;
    private final AlertSink alerts;
    private final Logger log;
    private final int pid;
    private volatile boolean stopped;

    AuditSession(AuditConfig config, AuditNetlink.Opener opener, RuleCompiler compiler, EventAssembler assembler,
                 AlertSink alerts, Logger log, int pid) {
        this.config = config;
        this.opener = opener;
        this.compiler = compiler;
        this.assembler = assembler;
        this.alerts = alerts;
        this.log = log;
        this.pid = pid;
    }

    void stop() {
        stopped = true;
    }

    boolean stopped() {
        return stopped;
    }

    /** Runs until {@link #stop()}; a failure to configure audit is thrown with the text MIG logs. */
    void run() throws AuditException {
        CompiledRules rules = compiler.compileFile(config.rulesPath());
        AuditNetlink socket;
        try {
            socket = opener.open();
        } catch (AuditException e) {
            throw new AuditException("NewNetlinkConnection: " + e.getMessage());
        }
        try (socket) {
            AuditControl control = new AuditControl(socket, this::stopped);
            configure(control, rules);
            listen(socket);
        }
    }

    private void configure(AuditControl control, CompiledRules rules) throws AuditException {
        step("AuditSetEnabled", () -> control.setEnabled(true));
        boolean[] enabled = new boolean[1];
        step("AuditIsEnabled", () -> enabled[0] = control.isEnabled());
        if (!enabled[0]) {
            throw new AuditException("was not possible to enable audit");
        }
        log.info("auditing enabled");
        step("AuditSetRateLimit", () -> control.setRateLimit(config.rateLimit()));
        step("AuditSetBacklogLimit", () -> control.setBacklogLimit(config.backlogLimit()));
        step("AuditSetPID", () -> control.setPid(pid));
        step("DeleteAllRules", control::deleteAllRules);
        step("SetRules", () -> {
            for (KernelRule r : rules.rules()) {
                control.addRule(r);
            }
        });
        for (String w : rules.warnings()) {
            log.info("ruleset warning: {}", w);
        }
        log.info("auditing configured");
    }

    private interface Step {
        void run() throws AuditException;
    }

    private static void step(String name, Step step) throws AuditException {
        try {
            step.run();
        } catch (AuditException e) {
            throw new AuditException(name + ": " + e.getMessage());
        }
    }

    private void listen(AuditNetlink socket) {
        log.info("listening for audit events");
        while (!stopped) {
            try {
                for (NetlinkMessage m : socket.receive()) {
                    handle(m);
                }
            } catch (AuditException e) {
                if (stopped) {
                    return;
                }
                log.warn("receive: {}", e.getMessage());
                pause();
            }
        }
    }

    private void handle(NetlinkMessage m) {
        if (m.type() == NetlinkMessage.NLMSG_ERROR) {
            int error = AuditControl.errorCode(m);
            if (error != 0) {
                log.warn("audit error {}", error);
            }
            return;
        }
        Optional<AuditEvent> event;
        try {
            event = assembler.add(m.type(), new String(m.data(), StandardCharsets.UTF_8));
        } catch (AuditException e) {
            return; // a record libaudit-go cannot parse is dropped, as MIG does
        }
        event.ifPresent(e -> alerts.alert(e.toAlert(config.includeRaw())));
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
