package io.gator.agent.module.scribe;

import com.fasterxml.jackson.databind.JsonNode;
import io.gator.agent.module.ModuleContext;
import io.gator.agent.module.file.FileRunner;
import io.gator.core.command.Result;
import io.gator.core.module.file.FileOptions;
import io.gator.core.module.file.FileParameters;
import io.gator.core.module.file.FileSearch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds files as MIG's scribe does, through the file module: files under a root, at most 10 levels down, whose
 * name matches a regular expression. As there, an empty search yields the file module's one empty path.
 */
final class FileLocator {
    static final int MAX_DEPTH = 10;
    private static final String LABEL = "s1";

    private final ModuleContext ctx;
    private final FileRunner files = new FileRunner();

    FileLocator(ModuleContext ctx) {
        // the file module's own masking would hide the paths scribe reads; scribe masks its identifiers itself
        this.ctx = ctx.withExtraPrivacy(false);
    }

    /** The paths found, in the file module's order. */
    List<String> locate(String root, String namePattern) throws PrepareException {
        FileOptions d = FileOptions.defaults();
        FileOptions options = new FileOptions(MAX_DEPTH, d.maxErrors(), d.remoteFs(), d.matchAll(), d.macroal(),
                d.mismatch(), d.matchLimit(), d.debug(), d.returnSha256(), d.decompress());
        FileSearch search = FileSearch.of(List.of(root), options).withNames(List.of(namePattern));
        Result r = files.run(new FileParameters(Map.of(LABEL, search)), ctx);
        JsonNode found = r.elements().path(LABEL);
        if (!found.isArray()) {
            throw new PrepareException("result in file module call was missing");
        }
        List<String> out = new ArrayList<>();
        found.forEach(f -> out.add(f.path("file").asText("")));
        return out;
    }
}
