package io.gator.cli.console;

import io.gator.cli.api.ApiException;
import io.gator.cli.history.StatusTables;
import io.gator.cli.module.ModuleFlagsRegistry;
import io.gator.core.module.ModuleDefinitions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The console's top level: status, search, the readers, creating actions and investigators. */
final class TopLevelCommands {
    private final ConsoleSession s;

    TopLevelCommands(ConsoleSession session) {
        this.s = session;
    }

    ConsoleContext run(ConsoleContext ctx, List<String> words, PrintStream out) {
        List<String> args = words.subList(1, words.size());
        String first = words.get(0);
        switch (first) {
            case "status" -> StatusTables.print(s.api().get("dashboard"), out);
            case "search" -> search(args, out);
            case "action" -> {
                return new ActionReader(s).enter(id(args, "action"), out);
            }
            case "agent" -> {
                return new AgentReader(s).enter(id(args, "agent"), out);
            }
            case "investigator" -> {
                return new InvestigatorReader(s).enter(id(args, "investigator"), out);
            }
            case "schedules" -> new ScheduleReader(s).list(out);
            case "schedule" -> {
                return schedule(ctx, args, out);
            }
            case "loader" -> {
                return new LoaderReader(s).enter(id(args, "loader"), out);
            }
            case "manifest" -> {
                return new ManifestReader(s).enter(id(args, "manifest"), out);
            }
            case "create" -> create(args, out);
            case "help" -> out.print(help());
            default -> {
                if (ModuleDefinitions.find(first).isPresent()) {
                    s.mig(first, args);
                } else {
                    out.println("Unknown order '" + first + "'. Try `help`.");
                }
            }
        }
        return ctx;
    }

    private static long id(List<String> args, String what) {
        if (args.size() != 1) {
            throw new IllegalArgumentException("usage: " + what + " <id>");
        }
        try {
            long id = Long.parseLong(args.get(0));
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("invalid " + what + " id '" + args.get(0) + "': a positive integer");
    }

    /** {@code schedule list}, {@code schedule <id>} (the reader), {@code schedule help}. */
    private ConsoleContext schedule(ConsoleContext ctx, List<String> args, PrintStream out) {
        if (args.isEmpty() || args.get(0).equals("help")) {
            out.print(ScheduleReader.usage());
            return ctx;
        }
        if (args.get(0).equals("list") && args.size() == 1) {
            new ScheduleReader(s).list(out);
            return ctx;
        }
        return new ScheduleReader(s).enter(id(args, "standing order"), out).orElse(ctx);
    }

    private void search(List<String> args, PrintStream out) {
        if (args.isEmpty() || args.get(0).equals("help")) {
            out.print(SearchQuery.help());
            return;
        }
        SearchQuery q = SearchQuery.parse(args);
        try {
            SearchPrinter.print(q.type(), s.api().get(q.path()), out);
        } catch (ApiException e) {
            if (e.status() != 404) {
                throw e;
            }
            out.println("no results found for " + q.path());
        }
    }

    /**
     * {@code create action <module> [flags]}, {@code create investigator <name> <pubkey file> [admin]},
     * {@code create loader <name> [expectenv]}, {@code create manifest <name> <archive> <target>}.
     */
    private void create(List<String> args, PrintStream out) {
        String what = args.isEmpty() ? "" : args.get(0);
        switch (what) {
            case "action" -> {
                if (args.size() < 2) {
                    out.println("create action <module> [common flags] [module flags], e.g. create action file -t all "
                            + "-path /etc -name ^passwd$ (or the module line alone)");
                    out.println("modules: " + String.join(", ", ModuleFlagsRegistry.names()));
                    return;
                }
                s.mig(args.get(1), args.subList(2, args.size()));
            }
            case "investigator" -> {
                if (args.size() < 3 || args.size() > 4 || (args.size() == 4 && !args.get(3).equals("admin"))) {
                    throw new IllegalArgumentException("usage: create investigator <name> <public key file> [admin]");
                }
                List<String> argv = new ArrayList<>(List.of("investigator", "create", args.get(1), args.get(2)));
                if (args.size() == 4) {
                    argv.add("-admin");
                }
                s.mig().apply(argv);
            }
            case "loader" -> {
                if (args.size() < 2) {
                    throw new IllegalArgumentException(CREATE_LOADER);
                }
                List<String> argv = new ArrayList<>(List.of("loader", "create", args.get(1)));
                if (args.size() > 2) {
                    argv.addAll(List.of("-expectenv", String.join(" ", args.subList(2, args.size()))));
                }
                s.mig().apply(argv);
            }
            case "manifest" -> {
                if (args.size() < 4) {
                    throw new IllegalArgumentException(CREATE_MANIFEST);
                }
                s.mig().apply(List.of("manifest", "create", args.get(1), "-archive", args.get(2), "-target",
                        String.join(" ", args.subList(3, args.size()))));
            }
            default -> throw new IllegalArgumentException("usage: create action <module> ... | create investigator "
                    + "<name> <public key file> [admin] | " + CREATE_LOADER.substring(7) + " | "
                    + CREATE_MANIFEST.substring(7));
        }
    }

    private static final String CREATE_LOADER = "usage: create loader <name> [<expected environment>]";
    private static final String CREATE_MANIFEST = "usage: create manifest <name> <archive.tar.gz> <loader target>";

    static String help() {
        return String.join("\n",
                "mig console: the following orders are available",
                "  status                      the dashboard: agents and the latest actions",
                "  search <type> where <key>=<value> [and ...]   actions, agents, commands, investigators,",
                "                              loaders, manifests",
                "                              (search help lists the keys)",
                "  action <id>                 enter action reader mode",
                "  agent <id>                  enter agent reader mode",
                "  investigator <id>           enter investigator mode",
                "  schedules | schedule list   standing orders (series signed in advance: mig schedule)",
                "  schedule <id>               enter standing order reader mode (schedule help explains)",
                "  loader <id>                 enter loader reader mode",
                "  manifest <id>               enter manifest reader mode",
                "  <module> [common flags] [module flags]   launch and follow an action, as mig does",
                "                              e.g. file -t all -path /etc -name ^passwd$",
                "  create action <module> ...  the same",
                "  create investigator <name> <public key file> [admin]",
                "  create loader <name> [<expected environment>]   a loader entry, disabled; its key shown once",
                "  create manifest <name> <archive.tar.gz> <loader target>   a manifest record, staged until signed",
                "  help                        this help; in a reader mode, that mode's orders",
                "  exit | quit                 leave (also ctrl+d)",
                "modules: " + String.join(", ", ModuleFlagsRegistry.names()),
                "any command may end with '| grep REGEX' or '| grep -v REGEX'; tab completes orders, modules, flags",
                "");
    }
}
