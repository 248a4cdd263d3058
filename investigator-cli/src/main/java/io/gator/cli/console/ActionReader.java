package io.gator.cli.console;

import io.gator.cli.history.ActionResults;
import io.gator.cli.launch.GlobalFlags;
import io.gator.cli.launch.Launcher;
import io.gator.core.action.Action;
import io.gator.core.command.Command;
import io.gator.core.investigator.Investigator;
import io.gator.core.json.MigJson;
import io.gator.core.json.MigTime;
import java.io.PrintStream;
import java.util.List;

/** MIG's action reader: one action's details, counters, commands and results; cancel it; relaunch a copy. */
final class ActionReader {
    private final ConsoleSession s;

    ActionReader(ConsoleSession session) {
        this.s = session;
    }

    /** Entering the context: the action must exist; a short header as MIG prints it. */
    ConsoleContext enter(long id, PrintStream out) {
        Action a = s.api().action(id);
        out.println("Entering action reader mode. Type exit or press ctrl+d to leave. help may help.");
        out.printf("Action: '%s'.%nLaunched by '%s' on '%s'.%nStatus '%s'.%n", a.name().strip(), investigators(a),
                a.startTime(), a.status());
        return new ConsoleContext.InAction(id);
    }

    ConsoleContext run(ConsoleContext.InAction ctx, List<String> words, PrintStream out) throws Exception {
        long id = ctx.id();
        List<String> args = words.subList(1, words.size());
        switch (words.get(0)) {
            case "details", "r" -> details(s.api().action(id), out);
            case "counters" -> out.println(Launcher.counters(s.api().action(id).counters()));
            case "times" -> {
                Action a = s.api().action(id);
                out.printf("valid from   %s until %s%nstarted on   %s%nlast updated %s%nfinished on  %s%n",
                        a.validFrom(), a.expireAfter(), a.startTime(), a.lastUpdateTime(), a.finishTime());
            }
            case "investigators" -> s.api().action(id).investigators()
                    .forEach(i -> out.println(i.name() + " - Key ID: " + i.pgpFingerprint()));
            case "json" -> out.println(MigJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(s.api().action(id)));
            case "commands", "list" -> commands(id, show(args, 0, "all"), out);
            case "results" -> {
                String render = args.size() > 1 ? args.get(1) : "text";
                new ActionResults(s.api(), s.printer(), out, s.err()).print(id, show(args, 0, "all"), render);
            }
            case "grep" -> {
                if (args.isEmpty()) {
                    throw new IllegalArgumentException("usage: grep [-v] REGEX   (the results of every agent, filtered)");
                }
                // the results lines of every agent, filtered as '| grep' filters them
                List<String> filter = args.get(0).equals("-v") ? List.of("|", "grep", "-v", String.join(" ", args.subList(1, args.size())))
                        : List.of("|", "grep", String.join(" ", args));
                LineFilter f = LineFilter.parse(filter);
                java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
                new ActionResults(s.api(), s.printer(), new PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8),
                        s.err()).print(id, "all", "text");
                buf.toString(java.nio.charset.StandardCharsets.UTF_8).lines().filter(f::passes).forEach(out::println);
            }
            case "command" -> command(args, out);
            case "cancel" -> s.mig("action", "cancel", String.valueOf(id));
            case "copy" -> copy(s.api().action(id), args);
            case "help" -> out.print(help());
            case "exit" -> {
                return new ConsoleContext.TopLevel();
            }
            default -> out.println("Unknown order '" + words.get(0) + "'. You are in action reader mode. Try `help`.");
        }
        return ctx;
    }

    /** MIG's command reader, in one go: one agent's command, its status and every result line. */
    private void command(List<String> args, PrintStream out) {
        if (args.size() != 1 || !args.get(0).matches("[1-9][0-9]{0,18}")) {
            throw new IllegalArgumentException("usage: command <command id>   (commands lists them)");
        }
        Command c = io.gator.cli.api.MigApiClient.values(s.api().get("command?commandid=" + args.get(0)), "command")
                .stream().findFirst().map(v -> MigJson.mapper().convertValue(v, Command.class))
                .orElseThrow(() -> new io.gator.cli.api.ApiException(404, "command " + args.get(0) + " not found"));
        out.printf("command %d on agent '%s': status %s, started %s, finished %s%n", c.id(), c.agent().name(),
                c.status(), c.startTime(), c.finishTime());
        List<io.gator.core.action.Operation> ops = c.action().operations();
        for (int i = 0; i < c.results().size() && i < ops.size(); i++) {
            s.printer().lines(ops.get(i).module(), c.results().get(i), false).forEach(out::println);
        }
    }

    private static String show(List<String> args, int i, String dflt) {
        String show = args.size() > i ? args.get(i) : dflt;
        if (!List.of("found", "notfound", "all").contains(show)) {
            throw new IllegalArgumentException("invalid show '" + show + "': found, notfound or all");
        }
        return show;
    }

    private static String investigators(Action a) {
        return String.join(", ", a.investigators().stream().map(Investigator::name).toList());
    }

    private static void details(Action a, PrintStream out) {
        out.printf("ID         %d%nName       %s%nTarget     %s%nAuthor     %s%nInvestigators %s%nStatus     %s%n"
                        + "Valid      %s to %s%nOperations %s%nCounters   %s%n",
                a.id(), a.name().strip(), a.target(), a.description().author(), investigators(a), a.status(),
                a.validFrom(), a.expireAfter(), String.join(", ", a.operations().stream().map(o -> o.module()).toList()),
                Launcher.counters(a.counters()));
    }

    /** Every command of the action: its id, agent, status and whether it found something. */
    private void commands(long id, String show, PrintStream out) {
        String q = switch (show) {
            case "found" -> "&foundanything=true";
            case "notfound" -> "&foundanything=false";
            default -> "";
        };
        int n = 0;
        for (int offset = 0; ; offset += 100) {
            List<Command> page = s.api().commands(id, 100, offset, q);
            for (Command c : page) {
                boolean found = c.results().stream().anyMatch(io.gator.core.command.Result::foundAnything);
                out.printf("%-20d %-30s %-10s %s%n", c.id(), c.agent().name(), c.status(), found ? "found" : "");
                n++;
            }
            if (page.size() < 100) {
                break;
            }
        }
        out.println(n + " command" + (n == 1 ? "" : "s"));
    }

    /**
     * Relaunches the action's operations as a new action: same name, target and operations unless flags say
     * otherwise ({@code -t}, {@code -n}, {@code -e}), a new validity window from now, signed with this
     * investigator's key, launched and followed as {@code mig} does ({@code -yes} skips the countdown).
     */
    private void copy(Action original, List<String> args) throws Exception {
        GlobalFlags g = GlobalFlags.parse(args);
        if (!g.moduleArgs.isEmpty()) {
            throw new IllegalArgumentException("copy takes -t <target> -n <name> -e <duration> -show <show> -yes -force,"
                    + " not " + g.moduleArgs.get(0));
        }
        Action copy = Action.of(0, g.name.isEmpty() ? original.name() : g.name,
                        g.target.isEmpty() ? original.target() : g.target, MigTime.ZERO, MigTime.ZERO,
                        original.operations())
                .withDescription(original.description()).withThreat(original.threat());
        Launcher launcher = s.launchers().get();
        Action signed = launcher.sign(copy, g.expiration);
        // Ctrl-C stops following, as in mig; the action keeps running until cancelled in its reader
        launcher.whenStopped(id -> s.err().println("[notice] action " + id + " left running: action " + id
                + ", then cancel, cancels it"));
        Console.keepingInterruptHandler(() -> {
            s.onCtrlC().accept(launcher::stopFollowing);
            try {
                return launcher.lateReach(g.lateReach).pacing(g.pace, g.inFlight).launch(signed, g.show, g.yes,
                        g.json, g.force);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return io.gator.cli.ExitCode.INTERRUPTED.code();
            }
        });
    }

    static String help() {
        return String.join("\n",
                "action reader mode:",
                "  details | r                  the action's details (fetched again)",
                "  counters                     sent, done, succeeded, ...",
                "  times                        validity, start, last update and finish times",
                "  investigators                who signed it",
                "  json                         the action as JSON",
                "  commands [found|notfound|all] one line per agent: command id, agent, status, found",
                "  command <id>                 one agent's command: status, times, every result line",
                "  results [found|notfound|all] [text|json|csv]   the agents' results (default all, text)",
                "  grep [-v] REGEX              the result lines matching REGEX (or not, with -v)",
                "  cancel                       cancel it on every agent that has not answered yet",
                "  copy [-t target] [-n name] [-e duration] [-yes]",
                "                               relaunch it: new id and validity, signed with your key",
                "  exit                         back to the top level (also ctrl+d)",
                "any command may end with '| grep REGEX' or '| grep -v REGEX'",
                "");
    }
}
