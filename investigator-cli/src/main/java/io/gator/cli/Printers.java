package io.gator.cli;

import io.gator.cli.launch.ResultLines;
import io.gator.core.json.MigJson;
import io.gator.core.module.ModuleDefinitions;
import java.util.List;

/** Result printers for the CLI: each module's own printer (shared with the agent's definitions). */
final class Printers {
    private Printers() {}

    static final ResultLines DEFAULT = (module, result, onlyFound) -> ModuleDefinitions.find(module)
            .map(d -> d.printer().print(result, onlyFound))
            .orElseGet(() -> onlyFound && !result.foundAnything() ? List.of()
                    : List.of("[" + module + "] " + MigJson.write(result.elements())));
}
