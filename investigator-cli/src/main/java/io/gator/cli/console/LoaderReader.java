package io.gator.cli.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.cli.loader.LoaderApi;
import io.gator.cli.loader.MigRecords;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * MIG's loader reader: one loader entry; enabling, disabling, the expected environment and a new key go through
 * {@code mig loader}, then the entry is read again as MIG's console does ("reloaded").
 */
final class LoaderReader {
    /** The orders, as MIG's console completes them. */
    static final List<String> ORDERS = List.of("disable", "enable", "expectenv", "exit", "help", "json", "key", "r");

    private final ConsoleSession s;

    LoaderReader(ConsoleSession session) {
        this.s = session;
    }

    ConsoleContext enter(long id, PrintStream out) {
        JsonNode le = new LoaderApi(s.api()).loader(id);
        out.println("Entering loader reader mode. Type exit or press ctrl+d to leave. help may help.");
        out.printf("Loader: '%s'.%nStatus '%s'.%n", le.path("name").asText(), le.path("enabled").asBoolean());
        return new ConsoleContext.InLoader(id);
    }

    ConsoleContext run(ConsoleContext.InLoader ctx, List<String> words, PrintStream out) {
        long id = ctx.id();
        String order = words.get(0);
        switch (order) {
            case "enable", "disable" -> {
                if (s.mig("loader", order, Long.toString(id)) == 0) {
                    reload(id, out);
                }
            }
            case "expectenv" -> {
                List<String> argv = new ArrayList<>(List.of("loader", "expectenv", Long.toString(id)));
                argv.addAll(words.subList(1, words.size()));
                if (s.mig().apply(argv) == 0) {
                    reload(id, out);
                }
            }
            case "key" -> {
                if (!words.contains("-yes")) {
                    out.println("key makes a new key for this loader, shown once; the old one stops working at once."
                            + " Type 'key -yes' to go on.");
                } else {
                    s.mig("loader", "newkey", Long.toString(id));
                }
            }
            case "json" -> out.println(MigRecords.indent(MigRecords.loader(new LoaderApi(s.api()).loader(id))));
            case "r" -> reload(id, out);
            case "help" -> out.print(String.join("\n",
                    "The following orders are available:",
                    "disable          disable loader entry",
                    "enable           enable loader entry",
                    "expectenv <val>  set expected environment match, omit val to remove",
                    "                 (quote it when it holds quotes: expectenv \"env#>>'{os}'='linux'\")",
                    "help             show this help",
                    "exit             exit this mode (also works with ctrl+d)",
                    "json             show json of loader entry stored in database",
                    "key [-yes]       generate a new loader key, shown once",
                    "r                refresh the loader entry (get latest version from database)",
                    ""));
            case "exit" -> {
                return new ConsoleContext.TopLevel();
            }
            default -> out.println("Unknown order '" + order + "'. You are in loader reader mode. Try `help`.");
        }
        return ctx;
    }

    private void reload(long id, PrintStream out) {
        new LoaderApi(s.api()).loader(id);
        out.println("reloaded");
    }
}
