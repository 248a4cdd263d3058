package io.gator.cli.loader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.gator.core.json.MigJson;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code mig loader}: MIG's loader entries (one per endpoint running mig-loader or {@code gator loader}). An entry is
 * created disabled with a key shown once; enabling it lets its loader fetch manifests.
 */
public final class LoaderCommand {
    /** The sub-commands, for help and completion. */
    public static final List<String> SUBCOMMANDS = List.of("create", "show", "list", "enable", "disable", "newkey",
            "expectenv");
    /** Flags of {@code create} and {@code list}. */
    public static final List<String> FLAGS = List.of("-expectenv", "-name", "-agent", "-limit", "-json", "-c");
    static final String USAGE = String.join("\n",
            "usage: mig loader create <name> [-expectenv <expression>] [-json]",
            "       mig loader show <id> [-json]",
            "       mig loader list [-name <str>] [-agent <str>] [-limit <n>] [-json]",
            "       mig loader enable|disable <id>",
            "       mig loader newkey <id>           (a new key, shown once; the old one stops working)",
            "       mig loader expectenv <id> [<expression>]   (none clears it)");

    private final Context ctx;

    /** Each sub-command with the words that may follow it, for {@code mig completion}. */
    public static java.util.Map<String, List<String>> completion() {
        java.util.Map<String, List<String>> m = new java.util.LinkedHashMap<>();
        m.put("create", List.of("-expectenv", "-json", "-c"));
        m.put("show", List.of("-json", "-c"));
        m.put("list", List.of("-name", "-agent", "-limit", "-json", "-c"));
        for (String sub : List.of("enable", "disable", "newkey", "expectenv")) {
            m.put(sub, List.of("-c"));
        }
        return m;
    }

    public LoaderCommand(Context ctx) {
        this.ctx = ctx;
    }

    public int run(List<String> args) {
        if (args.isEmpty() || List.of("help", "-h", "--help").contains(args.get(0))) {
            ctx.out().println(USAGE);
            return args.isEmpty() ? 1 : 0;
        }
        String sub = args.get(0);
        CommandLine cl = CommandLine.parse(args.subList(1, args.size()),
                sub.equals("create") ? Set.of("-expectenv") : sub.equals("list") ? Set.of("-name", "-agent", "-limit")
                        : Set.of(), Set.of(), USAGE);
        PrintStream out = ctx.out();
        LoaderApi api = new LoaderApi(ctx.api().apply(cl.migrc()));
        switch (sub) {
            case "create" -> {
                String name = cl.atMost(1, USAGE).need(0, "loader name", USAGE);
                if (name.length() < 3) {
                    throw new IllegalArgumentException("loader name too short: at least 3 characters");
                }
                JsonNode le = api.newLoader(name, cl.value("-expectenv").orElse(""));
                if (cl.json()) {
                    out.println(MigRecords.indent(MigRecords.loader(le)));
                } else {
                    out.println(keyLine(le));
                    out.println("New entry successfully created (id " + le.path("id").asLong() + ") but is disabled");
                }
            }
            case "show" -> {
                JsonNode le = api.loader(cl.atMost(1, USAGE).id(0, "loader", USAGE));
                out.println(cl.json() ? MigRecords.indent(MigRecords.loader(le)) : describe(le));
            }
            case "list" -> {
                Map<String, String> p = new LinkedHashMap<>();
                cl.value("-name").ifPresent(v -> p.put("loadername", v.replace('*', '%')));
                cl.value("-agent").ifPresent(v -> p.put("agentname", v.replace('*', '%')));
                p.put("limit", cl.value("-limit").orElse("100"));
                List<JsonNode> found = api.search("loader", p);
                if (cl.json()) {
                    ArrayNode all = MigJson.mapper().createArrayNode();
                    found.forEach(le -> all.add(MigRecords.loader(le)));
                    out.println(MigRecords.indent(all));
                } else {
                    table(found, out);
                }
            }
            case "enable", "disable" -> {
                long id = cl.atMost(1, USAGE).id(0, "loader", USAGE);
                api.loaderStatus(id, sub.equals("enable"));
                out.println("Loader has been " + sub + "d");
            }
            case "newkey" -> {
                JsonNode le = api.newKey(cl.atMost(1, USAGE).id(0, "loader", USAGE));
                out.println("Loader key changed");
                out.println(keyLine(le));
            }
            case "expectenv" -> {
                long id = cl.id(0, "loader", USAGE);
                String env = String.join(" ", cl.positional().subList(1, cl.positional().size()));
                api.expectEnv(id, env);
                out.println(env.isEmpty() ? "Expected environment match cleared" : "Expected environment match set");
            }
            default -> throw new IllegalArgumentException("unknown loader sub-command '" + sub + "'\n" + USAGE);
        }
        return 0;
    }

    /** MIG's line with the whole key (prefix and secret), Go's %q quoting. */
    static String keyLine(JsonNode le) {
        StringBuilder q = new StringBuilder();
        io.gator.core.json.GoJson.writeString(le.path("prefix").asText("") + le.path("key").asText(""), q);
        return "Loader key including prefix to supply to client will be " + q;
    }

    static String describe(JsonNode le) {
        return String.format("loader %d '%s'%n  enabled:    %s%n  prefix:     %s%n  agent:      %s%n  last seen:  %s%n"
                        + "  expectenv:  %s", le.path("id").asLong(), le.path("name").asText(),
                le.path("enabled").asBoolean(), le.path("prefix").asText(), le.path("agentname").asText(),
                le.path("lastseen").asText(), le.path("expectenv").asText());
    }

    /** MIG console's loader search table. */
    public static void table(List<JsonNode> loaders, PrintStream out) {
        out.println("- ID - + ----      Name      ---- + ----   Agent Name   ---- + -- Enabled - + -- Last Used ---");
        for (JsonNode le : loaders) {
            out.printf("%6d   %s   %s   %s   %s%n", le.path("id").asLong(), pad(le.path("name").asText(), 24),
                    pad(le.path("agentname").asText(), 24), String.format("%-12s", le.path("enabled").asBoolean()),
                    MigRecords.seconds(le.path("lastseen").asText()));
        }
    }

    /** MIG's column: padded to {@code width}, or cut with "..." past it. */
    static String pad(String s, int width) {
        return s.length() > width ? s.substring(0, width - 3) + "..." : String.format("%-" + width + "s", s);
    }
}
