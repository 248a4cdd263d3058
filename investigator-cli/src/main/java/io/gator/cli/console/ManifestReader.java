package io.gator.cli.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.cli.loader.LoaderApi;
import io.gator.cli.loader.ManifestCommand;
import io.gator.cli.loader.MigRecords;
import java.io.PrintStream;
import java.util.List;

/**
 * MIG's manifest reader: one manifest record; signing, reset, disable and fetch go through {@code mig manifest}
 * (signing with the console's key), reading shows the record as MIG's console does.
 */
final class ManifestReader {
    /** The orders, as MIG's console completes them (and those its help lists). */
    static final List<String> ORDERS = List.of("disable", "entry", "exit", "fetch", "help", "json", "loaders", "r",
            "reset", "shasum", "sign");

    private final ConsoleSession s;

    ManifestReader(ConsoleSession session) {
        this.s = session;
    }

    ConsoleContext enter(long id, PrintStream out) {
        JsonNode mr = new LoaderApi(s.api()).manifest(id);
        out.println("Entering manifest reader mode. Type exit or press ctrl+d to leave. help may help.");
        out.printf("Manifest: '%s'.%nStatus '%s'.%n", mr.path("name").asText(), mr.path("status").asText());
        return new ConsoleContext.InManifest(id);
    }

    ConsoleContext run(ConsoleContext.InManifest ctx, List<String> words, PrintStream out) {
        long id = ctx.id();
        String order = words.get(0);
        LoaderApi api = new LoaderApi(s.api());
        switch (order) {
            case "sign", "reset", "disable", "loaders" -> s.mig("manifest", order, Long.toString(id));
            case "fetch" -> {
                if (words.size() != 2) {
                    out.println("error: must be 'fetch <path>'. try 'help'");
                } else {
                    s.mig("manifest", "fetch", Long.toString(id), words.get(1));
                }
            }
            case "json" -> out.println(MigRecords.indent(MigRecords.manifest(api.manifest(id))));
            case "entry" -> out.println(MigRecords.indent(ManifestCommand.entry(api.manifest(id))));
            case "shasum" -> ManifestCommand.shasum(api.manifest(id), out);
            case "r" -> {
                api.manifest(id);
                out.println("reloaded");
            }
            case "help" -> out.print(String.join("\n",
                    "The following orders are available:",
                    "disable         disables manifest and prevents future use",
                    "entry           show the manifest for this record as would be sent to a loader",
                    "help            show this help",
                    "exit            exit this mode (also works with ctrl+d)",
                    "fetch <path>    fetch manifest content and save to disk",
                    "json            show json of manifest record stored in database",
                    "loaders         show known loader entries that will match this manifest",
                    "r               refresh the manifest (get latest version from database)",
                    "reset           reset manifest status (marks manifest as staged, removes signatures)",
                    "shasum          output sha sums of manifest objects in sha256sum style format",
                    "sign            add a signature to the manifest record",
                    ""));
            case "exit" -> {
                return new ConsoleContext.TopLevel();
            }
            default -> out.println("Unknown order '" + order + "'. You are in manifest reader mode. Try `help`.");
        }
        return ctx;
    }
}
