package io.gator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.cli.api.ApiException;
import io.gator.cli.api.MigApiClient;
import io.gator.cli.config.MigRc;
import io.gator.cli.launch.GlobalFlags;
import io.gator.cli.launch.Launcher;
import io.gator.cli.history.ActionList;
import io.gator.cli.history.ActionResults;
import io.gator.cli.launch.ResultLines;
import io.gator.cli.local.AgentJar;
import io.gator.cli.local.LocalModule;
import io.gator.cli.module.ModuleFlags;
import io.gator.cli.module.ModuleFlagsRegistry;
import io.gator.cli.sign.Signer;
import io.gator.core.action.Action;
import io.gator.core.agent.Agent;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.module.flag.InvalidFlagException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code mig}: MIG's investigator command line. {@code mig <module> [common flags] [module flags]}
 * launches an action exactly as MIG's client does; Gator adds {@code action show|cancel|events},
 * {@code agent search}, {@code status}, {@code -json} and {@code -yes}.
 */
public final class MigMain {
    /** Version printed by {@code -V}. */
    public static final String VERSION = "gator-0.1.0";
    /** The target that runs the module on this machine instead of launching an action (MIG's). */
    static final String LOCAL_TARGET = "local";

    /**
     * How the CLI reaches the outside world; tests replace parts of it.
     *
     * @param clientRoot where files named by module flags (a scribe document) are read from: {@code /}, or a
     *                   fixture tree in tests
     */
    public record Wiring(Clock clock, PrintStream out, PrintStream err, int countdownSeconds, Duration pollInterval,
                         java.util.function.Function<MigRc, Signer> signers, ResultLines printer, InputStream in,
                         java.util.function.Function<String, String> env,
                         java.util.function.Consumer<Runnable> onCtrlC, Path clientRoot) {
        /** Files named by module flags read from the real root. */
        public Wiring(Clock clock, PrintStream out, PrintStream err, int countdownSeconds, Duration pollInterval,
                      java.util.function.Function<MigRc, Signer> signers, ResultLines printer, InputStream in,
                      java.util.function.Function<String, String> env, java.util.function.Consumer<Runnable> onCtrlC) {
            this(clock, out, err, countdownSeconds, pollInterval, signers, printer, in, env, onCtrlC, Path.of("/"));
        }

        /** The real thing: system streams, MIG's 5 s countdown, key from the .migrc, module printers. */
        public static Wiring defaults() {
            return new Wiring(Clock.systemUTC(), System.out, System.err, 5, Duration.ofMillis(250),
                    Signers::fromMigRc, Printers.DEFAULT);
        }

        /** Standard input, the process environment and the INT signal for the rest. */
        public Wiring(Clock clock, PrintStream out, PrintStream err, int countdownSeconds, Duration pollInterval,
                      java.util.function.Function<MigRc, Signer> signers, ResultLines printer) {
            this(clock, out, err, countdownSeconds, pollInterval, signers, printer, System.in, System::getenv,
                    MigMain::onSigInt);
        }
    }

    /** Runs {@code handler} on each Ctrl-C (SIGINT), where the platform lets Java handle it. */
    static void onSigInt(Runnable handler) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sig -> handler.run());
        } catch (IllegalArgumentException e) {
            // no INT handling on this platform: the default (exit) applies
        }
    }

    private final Wiring w;

    public MigMain(Wiring wiring) {
        this.w = wiring;
    }

    public static void main(String[] args) {
        Trace.mark("main");
        int code = new MigMain(Wiring.defaults()).run(List.of(args));
        Trace.mark("exit");
        System.exit(code);
    }

    /** Runs the command; returns the exit code. */
    public int run(List<String> args) {
        try {
            return dispatch(args);
        } catch (InvalidFlagException | IllegalArgumentException | ApiException e) {
            if (e instanceof io.gator.cli.module.FlagSyntaxException f) {
                w.err().print(f.listing());
            }
            if (e instanceof InvalidFlagException f) {
                w.err().print(f.usage());
            }
            w.err().println("error: " + Problems.describe(e));
            return ExitCode.ERROR.code();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.INTERRUPTED.code();
        } catch (Exception e) {
            w.err().println("error: " + Problems.describe(e));
            return ExitCode.ERROR.code();
        }
    }

    private int dispatch(List<String> args) throws Exception {
        if (args.size() > 1 && args.get(0).equals("help")) {
            return moduleHelp(args.get(1));
        }
        if (args.isEmpty() || List.of("help", "-h", "--help").contains(args.get(0))) {
            w.out().println(usage());
            return args.isEmpty() ? 1 : 0;
        }
        String first = args.get(0);
        if (first.equals("-V") || first.equals("version")) {
            w.out().println(VERSION);
            return 0;
        }
        if (first.equals("-i")) {
            GlobalFlags g = GlobalFlags.parse(args);
            Path file = g.actionFile.orElseThrow();
            Action a;
            try {
                a = MigJson.read(Problems.readString(file, ""), Action.class);
            } catch (io.gator.core.json.MigJsonException e) {
                throw new IllegalArgumentException("cannot read the action in " + file + ": " + Problems.describe(e), e);
            }
            w.err().println("[info] launching action from file, all flags are ignored");
            if (g.printAndExit) {
                w.out().println(MigJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(a));
                return 0;
            }
            return launch(a, g);
        }
        switch (first) {
            case "action" -> {
                return actionCommand(args.subList(1, args.size()));
            }
            case "agent" -> {
                return agentCommand(args.subList(1, args.size()));
            }
            case "investigator" -> {
                return investigatorCommand(args.subList(1, args.size()));
            }
            case "status" -> {
                return status(GlobalFlags.parse(args.subList(1, args.size())));
            }
            case "cosign" -> {
                return cosignCommand(args.subList(1, args.size()));
            }
            case "console" -> {
                return console(args.subList(1, args.size()));
            }
            case "schedule" -> {
                return schedule(args.subList(1, args.size()));
            }
            case "loader" -> {
                return new io.gator.cli.loader.LoaderCommand(loaderContext()).run(args.subList(1, args.size()));
            }
            case "manifest" -> {
                return new io.gator.cli.loader.ManifestCommand(loaderContext()).run(args.subList(1, args.size()));
            }
            case "completion" -> {
                w.out().print(Completion.script(args.subList(1, args.size()), this::macros));
                return 0;
            }
            default -> { }
        }
        GlobalFlags g = GlobalFlags.parse(args.subList(1, args.size()));
        if (g.version) {
            w.out().println(VERSION);
            return 0;
        }
        if (io.gator.core.module.ModuleDefinitions.find(first).filter(d -> d.flags().isEmpty()).isPresent()) {
            w.err().println("error: module '" + first + "' does not support command line invocation");
            return 1;
        }
        Optional<String> help = ModuleFlagsRegistry.help(first, g.moduleArgs);
        if (help.isPresent()) {
            w.out().print(help.get());
            return 0;
        }
        if (!g.moduleArgs.isEmpty() && List.of("-h", "--help").contains(g.moduleArgs.get(0))) {
            return moduleHelp(first);
        }
        Optional<ModuleFlags> flags;
        try {
            flags = ModuleFlagsRegistry.parse(first, g.moduleArgs, w.clientRoot());
        } catch (InvalidFlagException e) {
            Optional<String> common = g.moduleArgs.stream().filter(GlobalFlags::isCommon)
                    .filter(a -> !ModuleFlagsRegistry.flagNames(first).contains(a)).findFirst();
            if (common.isPresent() && !(e instanceof io.gator.cli.module.FlagSyntaxException)) {
                throw new InvalidFlagException(e.getMessage() + "\n" + common.get()
                        + ": common flags go before the module's flags (mig " + first + " [common flags] [module flags])");
            }
            throw e;
        }
        if (flags.isEmpty()) {
            throw new IllegalArgumentException("Unknown module " + first + " (known: "
                    + String.join(", ", ModuleFlagsRegistry.names()) + ")");
        }
        JsonNode params = flags.get().parameters();
        Trace.mark("module flags parsed");
        try {
            // the agent's own parameter check, before anything is signed
            io.gator.core.module.ModuleDefinitions.get(first).parse(params);
        } catch (io.gator.core.module.InvalidParametersException e) {
            throw new InvalidFlagException(first + ": " + e.getMessage());
        }
        if (g.target.equals(LOCAL_TARGET)) {
            return runLocally(flags.get().module(), params);
        }
        MigRc rc = rc(g);
        String target = g.target;
        if (target.isEmpty()) {
            target = MigRc.ALL_ONLINE;
            if (g.targetFound.isEmpty() && g.targetNotFound.isEmpty()) {
                w.err().println("[notice] no target specified, defaulting to all online agents");
            }
        }
        target = rc.resolveTarget(target);
        if (!g.targetFound.isEmpty() || !g.targetNotFound.isEmpty()) {
            target = previousActionTarget(rc, g, target);
        }
        Action a = Launcher.build(flags.get().module(), params, g, target, args, w.clock());
        Trace.mark("action built");
        if (g.printAndExit) {
            w.out().println(MigJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(a));
            return 0;
        }
        return launch(a, g);
    }

    /** {@code mig help MODULE}, {@code mig MODULE -h|--help}: the module's flags, one line each. */
    private int moduleHelp(String module) throws Exception {
        if (module.equals("loader") || module.equals("manifest")) {
            return dispatch(List.of(module, "help"));
        }
        if (ModuleFlagsRegistry.names().contains(module)) {
            w.out().print(ModuleFlagsRegistry.fullHelp(module).orElseThrow());
            return ExitCode.OK.code();
        }
        throw new IllegalArgumentException("Unknown module " + module + " (known: "
                + String.join(", ", ModuleFlagsRegistry.names()) + ")");
    }

    /** {@code -t local}: the module runs here through the agent jar; only found items are printed, as MIG. */
    private int runLocally(String module, JsonNode params) throws InterruptedException {
        Result result = LocalModule.ofJar(AgentJar.locate(w.env())).run(module, params);
        w.printer().lines(module, result, true).forEach(w.out()::println);
        return 0;
    }

    private int launch(Action a, GlobalFlags g) throws Exception {
        MigRc rc = rc(g);
        Signer signer = w.signers().apply(rc);
        MigApiClient api = new MigApiClient(rc.apiUrl(), Optional.of(signer), rc.apiKey(), VERSION);
        Launcher launcher = launcher(api, signer);
        Trace.mark("signer loaded");
        Action signed = launcher.sign(a, g.expiration);
        Trace.mark("action signed");
        if (g.signAndPrint) {
            w.out().println(MigJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(signed));
            return 0;
        }
        java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
        w.onCtrlC().accept(() -> {
            if (interrupted.getAndSet(true) || launcher.launchedActionId().isEmpty()) {
                // a second Ctrl-C, or nothing launched yet (MIG's countdown): leave at once
                Runtime.getRuntime().halt(130);
            }
            launcher.stopFollowing();
        });
        // the question is asked on this thread, which waits for the answer before printing results and leaving
        launcher.whenStopped(id -> offerCancel(id, api));
        return launcher.lateReach(g.lateReach).pacing(g.pace, g.inFlight).launch(signed, g.show, g.yes, g.json,
                g.force);
    }

    /** A standing order's runs are created by the scheduler, which does not carry an action's own pace. */
    private static void refusePace(GlobalFlags g) {
        if (g.pace > 0 || g.inFlight > 0) {
            throw new IllegalArgumentException("-pace and -inflight apply to an action launched now, not to mig "
                    + "schedule's runs (the cluster's pace, gator.scheduler.dispatch, applies to them)");
        }
    }

    /** After Ctrl-C: cancel the action on every agent that has not answered yet, if the investigator says so. */
    private void offerCancel(long id, MigApiClient api) {
        w.err().print("cancel action " + id + " on every agent that has not answered yet? [y/N] ");
        w.err().flush();
        if (confirmed()) {
            try {
                api.postForm("action/cancel/", "actionid", String.valueOf(id));
                w.err().println("action " + id + " cancelled");
            } catch (ApiException e) {
                w.err().println("cancel failed: " + e.getMessage());
            }
        } else {
            w.err().println("[notice] action " + id + " left running (mig action cancel " + id + " cancels it)");
        }
    }

    /** Reads one answer line from the investigator; only y or yes confirms (no terminal: no). */
    private boolean confirmed() {
        String answer = "";
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(w.in(),
                    java.nio.charset.StandardCharsets.UTF_8)).readLine();
            answer = line == null ? "" : line.trim();
        } catch (java.io.IOException e) {
            // no terminal: do not confirm
        }
        return answer.equalsIgnoreCase("y") || answer.equalsIgnoreCase("yes");
    }

    private Launcher launcher(MigRc rc) {
        Signer signer = w.signers().apply(rc);
        return launcher(new MigApiClient(rc.apiUrl(), Optional.of(signer), rc.apiKey(), VERSION), signer);
    }

    private Launcher launcher(MigApiClient api, Signer signer) {
        return new Launcher(new Launcher.Env(api, signer, w.printer(), w.out(), w.err(), w.clock(),
                w.countdownSeconds(), w.pollInterval()));
    }

    private MigApiClient api(MigRc rc) {
        if (rc.apiKey().isPresent() && rc.gpgKeyId().isEmpty() && rc.keyFile().isEmpty()) {
            return new MigApiClient(rc.apiUrl(), Optional.empty(), rc.apiKey(), VERSION);
        }
        return new MigApiClient(rc.apiUrl(), Optional.of(w.signers().apply(rc)), rc.apiKey(), VERSION);
    }

    private MigRc rc(GlobalFlags g) {
        return MigRc.read(g.migrc.orElseGet(() -> MigRc.defaultFile(w.env())));
    }

    /** MIG builds an SQL sub-select here; Gator resolves the previous action's agents through the API instead. */
    private String previousActionTarget(MigRc rc, GlobalFlags g, String target) {
        boolean found = !g.targetFound.isEmpty();
        long actionId = parseId(found ? g.targetFound : g.targetNotFound, "action id");
        MigApiClient api = api(rc);
        List<String> ids = new ArrayList<>();
        for (int offset = 0; ; offset += 100) {
            var page = api.commands(actionId, 100, offset, "&foundanything=" + found);
            if (page.isEmpty()) {
                break;
            }
            page.forEach(c -> ids.add(String.valueOf(c.agent().id())));
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("no agent " + (found ? "found" : "did not find") + " results in action " + actionId);
        }
        return "id IN (" + String.join(",", ids) + ") AND " + target;
    }

    private int cosignCommand(List<String> args) throws Exception {
        List<String> rest = new ArrayList<>(args);
        GlobalFlags g = GlobalFlags.parse(ActionList.configFlag(rest));
        int c = rest.indexOf("-c");
        if (c >= 0) {
            rest.subList(c, Math.min(c + 2, rest.size())).clear();
        }
        MigRc rc = rc(g);
        return new io.gator.cli.cosign.CosignCommand(api(rc), () -> w.signers().apply(rc), w.out()).run(rest);
    }

    private int actionCommand(List<String> args) throws Exception {
        if (!args.isEmpty() && args.get(0).equals("list")) {
            List<String> rest = new ArrayList<>(args.subList(1, args.size()));
            GlobalFlags g = GlobalFlags.parse(ActionList.configFlag(rest));
            return new ActionList(api(rc(g)), w.out()).list(rest);
        }
        if (args.size() < 2) {
            throw new IllegalArgumentException("usage: mig action show|cancel|events|results <action id> [-json] | mig action list");
        }
        if (args.get(0).equals("results")) {
            List<String> rest = new ArrayList<>(args.subList(2, args.size()));
            String render = ActionResults.takeRender(rest);
            GlobalFlags g = GlobalFlags.parse(rest);
            return new ActionResults(api(rc(g)), w.printer(), w.out(), w.err()).print(parseId(args.get(1)), g.show, render);
        }
        GlobalFlags g = GlobalFlags.parse(args.subList(2, args.size()));
        long id = parseId(args.get(1));
        MigApiClient api = api(rc(g));
        switch (args.get(0)) {
            case "show" -> {
                Action a = api.action(id);
                if (g.json) {
                    w.out().println(MigJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(a));
                } else {
                    w.out().printf("action %d '%s'%n  target: %s%n  status: %s%n  valid: %s to %s%n  %s%n", a.id(),
                            a.name(), a.target(), a.status(), a.validFrom(), a.expireAfter(), Launcher.counters(a.counters()));
                    w.out().println("  " + new ActionResults(api, w.printer(), w.out(), w.err()).summary(id));
                }
                return 0;
            }
            case "cancel" -> {
                api.postForm("action/cancel/", "actionid", String.valueOf(id));
                w.out().println("action " + id + " cancelled");
                return 0;
            }
            case "events" -> {
                JsonNode env = api.get("action/events?actionid=" + id);
                List<JsonNode> events = MigApiClient.values(env, "event");
                if (g.json) {
                    w.out().println(MigJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(events));
                } else {
                    for (JsonNode e : events) {
                        w.out().println(io.gator.cli.history.EventLine.of(e));
                    }
                }
                return 0;
            }
            default -> throw new IllegalArgumentException("unknown action sub-command '" + args.get(0) + "'");
        }
    }

    private int agentCommand(List<String> args) throws Exception {
        if (args.size() < 2 || !args.get(0).equals("search")) {
            throw new IllegalArgumentException("usage: mig agent search <target> [-json]");
        }
        GlobalFlags g = GlobalFlags.parse(args.subList(2, args.size()));
        MigRc rc = rc(g);
        List<Agent> agents = api(rc).agentsByTarget(rc.resolveTarget(args.get(1)));
        if (g.json) {
            w.out().println(MigJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(agents));
        } else {
            for (Agent a : agents) {
                w.out().printf("%-20d %-30s %-8s %-10s %s%n", a.id(), a.name(), a.status(), a.environment().os(),
                        a.version());
            }
            w.err().println(agents.size() + " agents");
        }
        return 0;
    }

    /**
     * Investigator administration through the API (admins): {@code show <id>}, {@code search [name]},
     * {@code create <name> <public key file> [-admin]}, {@code enable|disable <id>}, {@code apikey <id>}.
     */
    private int investigatorCommand(List<String> args) throws Exception {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("usage: mig investigator show <id> | search [name] | create <name> "
                    + "<pubkey.asc> [-admin] | enable <id> | disable <id> [-yes] | apikey <id>  [-json]");
        }
        String sub = args.get(0);
        List<String> rest = args.subList(1, args.size());
        int firstFlag = 0;
        while (firstFlag < rest.size() && !rest.get(firstFlag).startsWith("-")) {
            firstFlag++;
        }
        List<String> positional = rest.subList(0, firstFlag);
        List<String> flags = new ArrayList<>(rest.subList(firstFlag, rest.size()));
        boolean admin = flags.remove("-admin");
        GlobalFlags g = GlobalFlags.parse(flags);
        if (!g.moduleArgs.isEmpty()) {
            throw new IllegalArgumentException("unknown flag " + g.moduleArgs.get(0));
        }
        MigApiClient api = api(rc(g));
        JsonNode env;
        switch (sub) {
            case "show" -> env = api.get("investigator?investigatorid=" + parseId(need(positional, 0, "id")));
            case "search" -> env = api.get("search?type=investigator&limit=1000" + (positional.isEmpty() ? ""
                    : "&investigatorname=" + java.net.URLEncoder.encode(positional.get(0),
                            java.nio.charset.StandardCharsets.UTF_8)));
            case "create" -> {
                String name = need(positional, 0, "name");
                String key = Problems.readString(Path.of(need(positional, 1, "public key file")), "");
                java.util.Map<String, String> form = new java.util.LinkedHashMap<>();
                form.put("name", name);
                form.put("publickey", key);
                form.put("permissions", MigJson.write(admin ? io.gator.core.investigator.Permissions.ALL
                        : io.gator.core.investigator.Permissions.INVESTIGATOR));
                env = api.postForm("investigator/create/", form);
            }
            case "enable", "disable" -> {
                long id = parseId(need(positional, 0, "id"));
                if (sub.equals("disable") && !mayDisable(api, rc(g), id, g.yes)) {
                    return 1;
                }
                env = updateInvestigator(api, id, sub + "d", "status", sub.equals("enable") ? "active" : "disabled");
            }
            case "apikey" -> env = updateInvestigator(api, parseId(need(positional, 0, "id")), "given an API key",
                    "apikey", "active");
            default -> throw new IllegalArgumentException("unknown investigator sub-command '" + sub + "'");
        }
        if (g.json) {
            w.out().println(env.toPrettyString());
            return 0;
        }
        for (JsonNode item : env.path("collection").path("items")) {
            for (JsonNode d : item.path("data")) {
                JsonNode v = d.path("value");
                if (!v.has("pgpfingerprint")) {
                    continue;
                }
                w.out().printf("%-8s %-20s %-8s %s%s%n", v.path("id").asText(), v.path("name").asText(),
                        v.path("status").asText(), v.path("pgpfingerprint").asText(),
                        v.has("apikey") ? "  apikey " + v.path("apikey").asText() + " (shown once)" : "");
            }
        }
        return 0;
    }

    private static JsonNode updateInvestigator(MigApiClient api, long id, String done, String field, String value) {
        java.util.Map<String, String> form = new java.util.LinkedHashMap<>();
        form.put("id", String.valueOf(id));
        form.put(field, value);
        try {
            return api.postForm("investigator/update/", form);
        } catch (ApiException e) {
            throw new ApiException(e.status(), "investigator " + id + " not " + done + ": " + e.getMessage()
                    + (e.status() > 0 ? " (HTTP " + e.status() + ")" : ""));
        }
    }

    /** MIG's administrator: may list, create and update investigators. */
    private static boolean isAdmin(JsonNode investigator) {
        JsonNode p = investigator.path("permissions");
        return p.path("investigator").asBoolean() && p.path("investigator_create").asBoolean()
                && p.path("investigator_update").asBoolean();
    }

    /**
     * Disabling the last active admin would leave nobody to manage investigators: refused here (the API refuses it
     * too). Disabling one's own account ends one's access: asked first, unless {@code -yes}.
     */
    private boolean mayDisable(MigApiClient api, MigRc rc, long id, boolean yes) {
        List<JsonNode> all;
        try {
            all = MigApiClient.values(api.get("search?type=investigator&limit=100000"), "investigator");
        } catch (ApiException e) {
            if (e.status() != 404) {
                throw e;
            }
            all = List.of();
        }
        Optional<JsonNode> target = all.stream().filter(i -> i.path("id").asLong() == id).findFirst();
        if (target.isEmpty()) {
            return true; // the API says what is wrong with the id
        }
        JsonNode t = target.get();
        boolean active = t.path("status").asText().equals("active");
        boolean otherAdmin = all.stream().anyMatch(i -> i.path("id").asLong() != id
                && i.path("status").asText().equals("active") && isAdmin(i));
        if (active && isAdmin(t) && !otherAdmin) {
            throw new IllegalArgumentException("refusing to disable investigator " + id + " '" + t.path("name").asText()
                    + "': it is the last active admin, and nobody could manage investigators afterwards. Make another"
                    + " admin first (mig investigator create <name> <pubkey.asc> -admin); an operator can also"
                    + " re-enable an account on the database host with 'gator investigator enable <id|name>'");
        }
        Optional<String> me = rc.keyFile().isPresent() || rc.gpgKeyId().isPresent()
                ? w.signers().apply(rc).fingerprint() : Optional.empty();
        if (!yes && me.isPresent() && me.get().equalsIgnoreCase(t.path("pgpfingerprint").asText())) {
            w.err().print("investigator " + id + " '" + t.path("name").asText() + "' is your own account: once it is"
                    + " disabled, your key no longer works with the API. disable it? [y/N] ");
            w.err().flush();
            if (!confirmed()) {
                w.err().println("investigator " + id + " left active");
                return false;
            }
        }
        return true;
    }

    private static String need(List<String> positional, int i, String what) {
        if (positional.size() <= i) {
            throw new IllegalArgumentException("missing " + what);
        }
        return positional.get(i);
    }

    private int status(GlobalFlags g) throws Exception {
        JsonNode env = api(rc(g)).get("dashboard");
        if (g.json) {
            w.out().println(env.toPrettyString());
            return 0;
        }
        io.gator.cli.history.StatusTables.print(env, w.out());
        return 0;
    }

    private static long parseId(String s) {
        return parseId(s, "id");
    }

    private static long parseId(String s, String what) {
        try {
            long id = Long.parseLong(s);
            if (id <= 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + what + " '" + s + "': a positive integer");
        }
    }

    static String usage() {
        return String.join("\n",
                "mig - Gator's investigator command line (MIG compatible)",
                "",
                "usage: mig <module> [common flags] [module flags]",
                "       mig -i <action file> [-p]",
                "       mig action show|cancel|events <id> [-json]",
                "       mig action results <id> [-show found|notfound|all] [-render text|json|csv]",
                "       mig action list [-status S] [-investigator I] [-name N] [-after T] [-before T] [-limit N] [-json]",
                "       mig agent search <target> [-json]",
                "       mig investigator show <id> | search [name] | create <name> <pubkey.asc> [-admin]",
                "                        | enable <id> | disable <id> [-yes] | apikey <id>   (admins)",
                "       mig status [-json]",
                "       mig cosign list [-all] [-json] | show <id> [-json] | sign <id> | cancel <id>",
                "                        (actions awaiting co-signatures: review, sign with your key, withdraw)",
                "       mig schedule <module> [common flags] -every <duration> -for <duration> [-start <time>] [module flags]",
                "       mig schedule -i <action file> -every <duration> -for <duration> [-e <per-run expiry>] [-s] [-json]",
                "                        (a standing order: one action per run, each signed here; durations as -e, or 7d)",
                "                        [-sink jsonl:NAME|webhook:URL|plugin:NAME]...   (where each run's results go)",
                "       mig schedule list [-json] | show <id> [-json] | cancel <id>",
                "       mig loader create <name> [-expectenv E] | show <id> | list | enable|disable <id> | newkey <id>",
                "                        | expectenv <id> [E]   (loader entries: mig help loader)",
                "       mig manifest create <name> -target T -archive F | -mig-agent F -configuration F ... | show <id>",
                "                        | list | sign <id> | status <id> staged|disabled | reset <id> | loaders <id>",
                "                        (signed manifests loaders install: mig help manifest)",
                "       mig console [-c file] [-history file]   (interactive: search, action/agent/investigator readers)",
                "       mig completion [bash|zsh|fish] [-c file]  (completion script: modules, flags, sub-commands, macros)",
                "       mig help <module> | mig <module> -h|--help   (the module's flags, one line each)",
                "       mig version | -V",
                "",
                "modules: " + String.join(", ", ModuleFlagsRegistry.names()),
                "",
                "common flags (before the module's flags, as in MIG):",
                "  -t <target>        target expression or .migrc macro; 'all' = every online agent;",
                "                     'local' = run the module on this machine (agent jar: $GATOR_AGENT_JAR)",
                "  -e <duration>      expiration (default 300s)",
                "  -n <name>          action name",
                "  -p                 print the action and exit",
                "  -s                 sign and print the action (dual signing)",
                "  -show found|notfound|all",
                "  -render text|json  -json",
                "  -target-found <action id> | -target-notfound <action id>",
                "  -z                 compress parameters",
                "  -yes               skip the launch countdown",
                "  -force             launch even when no agent matches the target",
                "  -latereach         also reach agents that start matching while the action is valid (Gator)",
                "  -pace <n>          send the commands at most at n per second (Gator; 1 to 1000000)",
                "  -inflight <n>      at most n commands sent and not answered yet at once (Gator; 1 to 1000000)",
                "  -c <file>          configuration (default $MIGRC, else $HOME/.migrc)",
                "  -v  -V",
                "",
                "exit codes:",
                String.join("\n", ExitCode.lines()));
    }

    /** What {@code mig loader} and {@code mig manifest} work with: the API and signer of a {@code -c} file. */
    private io.gator.cli.loader.Context loaderContext() {
        java.util.function.Function<Optional<Path>, MigRc> rc =
                file -> MigRc.read(file.orElseGet(() -> MigRc.defaultFile(w.env())));
        return new io.gator.cli.loader.Context(file -> api(rc.apply(file)), file -> w.signers().apply(rc.apply(file)),
                w.out(), w.err(), w.clock());
    }

    /** The target macros of the .migrc, for completion; none without a readable one. */
    private List<String> macros(GlobalFlags g) {
        try {
            return List.copyOf(rc(g).macros().keySet());
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /**
     * {@code mig console}: MIG's interactive console on this process's terminal. Module lines and administration
     * run as {@code mig} commands with the console's configuration as $MIGRC, so that {@code -c} never becomes
     * part of an action's name.
     */
    private int console(List<String> args) throws Exception {
        GlobalFlags g = GlobalFlags.parse(args);
        MigRc rc = rc(g);
        String migrc = g.migrc.orElseGet(() -> MigRc.defaultFile(w.env())).toString();
        MigMain mig = new MigMain(new Wiring(w.clock(), w.out(), w.err(), w.countdownSeconds(), w.pollInterval(),
                w.signers(), w.printer(), w.in(), name -> name.equals("MIGRC") ? migrc : w.env().apply(name),
                w.onCtrlC(), w.clientRoot()));
        io.gator.cli.console.ConsoleSession session = new io.gator.cli.console.ConsoleSession(api(rc), w.out(), w.err(),
                w.printer(), () -> launcher(rc),
                argv -> io.gator.cli.console.Console.keepingInterruptHandler(() -> mig.run(argv)), w.onCtrlC());
        try (org.jline.terminal.Terminal terminal = io.gator.cli.console.Console.systemTerminal()) {
            return new io.gator.cli.console.Console(session).run(terminal,
                    io.gator.cli.console.Console.historyFile(g.moduleArgs, w.env()));
        }
    }

    /** Most runs this command signs in one go (the API's own limit, gator.api.schedule.max-runs, applies too). */
    static final int SCHEDULE_MAX_RUNS = 10_000;

    /**
     * {@code mig schedule}: the series is built from the action {@code mig MODULE -p} prints (or an action file),
     * one action per run with its own window, each signed here with the investigator's key, and posted as one
     * standing order; {@code list}, {@code show}, {@code cancel} read and stop orders.
     */
    private int schedule(List<String> args) throws Exception {
        io.gator.cli.schedule.ScheduleCommand.Flags sf = io.gator.cli.schedule.ScheduleCommand.Flags.take(args);
        List<String> rest = sf.rest();
        if (!rest.isEmpty() && io.gator.cli.schedule.ScheduleCommand.SUBCOMMANDS.contains(rest.get(0))) {
            List<String> more = new ArrayList<>(rest.subList(1, rest.size()));
            GlobalFlags g = GlobalFlags.parse(ActionList.configFlag(more));
            boolean json = more.remove("-json");
            int c = more.indexOf("-c");
            if (c >= 0) {
                more.subList(c, Math.min(more.size(), c + 2)).clear();
            }
            return new io.gator.cli.schedule.ScheduleCommand(api(rc(g)), w.out(), w.err()).run(rest.get(0), more, json);
        }
        if (rest.isEmpty() || sf.every().isEmpty() || sf.span().isEmpty()) {
            throw new IllegalArgumentException("usage: mig schedule <module> [common flags] -every <duration> -for "
                    + "<duration> [module flags] | mig schedule -i <action file> -every <duration> -for <duration>");
        }
        GlobalFlags g;
        Action base;
        if (rest.get(0).equals("-i")) {
            g = GlobalFlags.parse(rest);
            refusePace(g);
            Path file = g.actionFile.orElseThrow();
            try {
                base = MigJson.read(Problems.readString(file, ""), Action.class);
            } catch (io.gator.core.json.MigJsonException e) {
                throw new IllegalArgumentException("cannot read the action in " + file + ": " + Problems.describe(e), e);
            }
            if (!io.gator.core.json.MigTime.isZero(base.validFrom()) || !base.pgpSignatures().isEmpty()) {
                w.err().println("[notice] the file's window and signatures are replaced: each run gets its own");
            }
        } else {
            g = GlobalFlags.parse(rest.subList(1, rest.size()));
            refusePace(g);
            // the unsigned action exactly as "mig MODULE -p" builds it (flags, target, macros, name)
            java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
            List<String> argv = new ArrayList<>(List.of(rest.get(0), "-p"));
            argv.addAll(rest.subList(1, rest.size()));
            int code = new MigMain(new Wiring(w.clock(), new PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8),
                    w.err(), w.countdownSeconds(), w.pollInterval(), w.signers(), w.printer(), w.in(), w.env(),
                    w.onCtrlC(), w.clientRoot())).run(argv);
            if (code != 0) {
                return code;
            }
            base = MigJson.read(printed.toString(java.nio.charset.StandardCharsets.UTF_8), Action.class);
            if (g.name.isEmpty()) {
                // the module line as typed, less the configuration file (a path of this machine)
                List<String> words = new ArrayList<>(rest);
                int c = words.indexOf("-c");
                if (c > 0) {
                    words.subList(c, Math.min(words.size(), c + 2)).clear();
                }
                base = base.withName(String.join(" ", words));
            }
        }
        base = base.withSignatures(List.of());
        Duration every = sf.every().get();
        boolean perRunGiven = rest.stream().anyMatch(a -> a.equals("-e") || a.startsWith("-e="));
        io.gator.cli.schedule.Series.Plan plan = new io.gator.cli.schedule.Series.Plan(
                sf.start().orElse(w.clock().instant()), every, sf.span().get(),
                perRunGiven ? g.expiration : io.gator.cli.schedule.Series.longestRun(every));
        MigRc rc = rc(g);
        Launcher launcher = launcher(rc);
        List<Action> signed = io.gator.cli.schedule.Series.build(base, plan, SCHEDULE_MAX_RUNS, launcher::signAsIs);
        String name = base.name();
        if (g.signAndPrint || g.printAndExit) {
            w.out().println(MigJson.tree(io.gator.cli.schedule.ScheduleCommand.seriesJson(name, signed)).toPrettyString());
            return 0;
        }
        return new io.gator.cli.schedule.ScheduleCommand(api(rc), w.out(), w.err()).create(name, signed, g.json,
                sf.sinks(), g.lateReach);
    }

    static List<String> list(String... a) {
        return Arrays.asList(a);
    }
}
