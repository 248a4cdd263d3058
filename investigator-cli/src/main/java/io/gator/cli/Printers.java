package io.gator.cli;

import io.gator.cli.launch.ResultLines;
import io.gator.core.json.MigJson;
import java.util.ArrayList;
import java.util.List;

/** Result printers for the CLI. */
final class Printers {
    private Printers() {}

    /** Fallback until module printers are wired: the elements as JSON. */
    static final ResultLines DEFAULT = (module, result, onlyFound) -> {
        List<String> lines = new ArrayList<>();
        if (!onlyFound || result.foundAnything()) {
            lines.add(module + " " + MigJson.write(result.elements()));
        }
        return lines;
    };
}
