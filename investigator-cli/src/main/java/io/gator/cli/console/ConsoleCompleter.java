package io.gator.cli.console;

import io.gator.cli.module.ModuleFlagsRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion for the console: the orders of the current context, then what each order takes (search types
 * and keys, {@code schedule list|help}, a standing order's run statuses, {@code found|notfound|all}, module names
 * and their flags, the common flags of a launch).
 */
public final class ConsoleCompleter implements Completer {
    /** The common flags a module line takes before the module's own. */
    static final List<String> COMMON_FLAGS = List.of("-t", "-e", "-n", "-show", "-render", "-json", "-yes", "-force",
            "-z", "-p", "-s", "-target-found", "-target-notfound");
    private static final List<String> SHOW = List.of("found", "notfound", "all");
    /** What {@code create} makes. */
    private static final List<String> CREATE = List.of(
            "action",
            "investigator",
            "loader",
            "manifest");

    private final Supplier<ConsoleContext> context;

    public ConsoleCompleter(Supplier<ConsoleContext> context) {
        this.context = context;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> before = line.words().subList(0, line.wordIndex());
        for (String c : candidates(context.get(), before)) {
            boolean open = c.endsWith("=");
            candidates.add(new Candidate(c, c, null, null, null, null, !open));
        }
    }

    /** What may come next after {@code before} (the complete words left of the cursor) in {@code ctx}. */
    public static List<String> candidates(ConsoleContext ctx, List<String> before) {
        if (before.isEmpty()) {
            List<String> all = new ArrayList<>(ctx.verbs());
            if (ctx instanceof ConsoleContext.TopLevel) {
                all.addAll(ModuleFlagsRegistry.names());
            }
            return all;
        }
        String first = before.get(0);
        int n = before.size();
        if (ctx instanceof ConsoleContext.InAction) {
            return switch (first) {
                case "results" -> n == 1 ? SHOW : n == 2 ? List.of("text", "json", "csv") : List.of();
                case "commands", "list" -> n == 1 ? SHOW : List.of();
                case "copy" -> List.of("-t", "-n", "-e", "-show", "-yes", "-force");
                case "grep" -> n == 1 ? List.of("-v") : List.of();
                default -> List.of();
            };
        }
        if (ctx instanceof ConsoleContext.InSchedule) {
            return first.equals("runs") && n == 1 ? ScheduleReader.RUN_STATUSES : List.of();
        }
        if (ctx instanceof ConsoleContext.InInvestigator) {
            return first.equals("disable") && n == 1 ? List.of("-yes") : List.of();
        }
        if (ctx instanceof ConsoleContext.InAgent) {
            return List.of();
        }
        if (ctx instanceof ConsoleContext.InLoader) {
            return first.equals("key") && n == 1 ? List.of("-yes") : List.of();
        }
        if (ctx instanceof ConsoleContext.InManifest) {
            return List.of();
        }
        return switch (first) {
            case "search" -> search(before);
            case "schedule" -> n == 1 ? List.of("list", "help") : List.of();
            case "create" -> n == 1 ? CREATE
                    : before.get(1).equals("action") ? moduleLine(before.subList(2, n)) : List.of();
            default -> ModuleFlagsRegistry.names().contains(first) ? moduleLine(before) : List.of();
        };
    }

    private static List<String> search(List<String> before) {
        if (before.size() == 1) {
            List<String> types = new ArrayList<>(SearchQuery.TYPES);
            types.add("help");
            return types;
        }
        if (before.size() == 2) {
            return SearchQuery.TYPES.contains(before.get(1)) ? List.of("where") : List.of();
        }
        List<String> keys = new ArrayList<>(SearchQuery.KEYS.stream().map(k -> k + "=").toList());
        if (before.size() > 3 && !before.get(before.size() - 1).equals("and")) {
            keys.add(0, "and");
        }
        return keys;
    }

    /** After a module's name: its flags, and the common flags while no module flag was given yet. */
    private static List<String> moduleLine(List<String> line) {
        if (line.isEmpty()) {
            return ModuleFlagsRegistry.names();
        }
        List<String> out = new ArrayList<>();
        boolean moduleFlagsStarted = line.subList(1, line.size()).stream()
                .anyMatch(w -> w.startsWith("-") && !COMMON_FLAGS.contains(w) && !w.equals("-c"));
        if (!moduleFlagsStarted) {
            out.addAll(COMMON_FLAGS);
        }
        ModuleFlagsRegistry.flagNames(line.get(0)).stream().filter(f -> !out.contains(f)).forEach(out::add);
        return out;
    }
}
