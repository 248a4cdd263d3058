package io.gator.core.module.scribe;

import java.util.List;

/**
 * Lines of files under {@code path} whose name matches {@code file}: each capture group of {@code expression} on a
 * matching line is one value; {@code concat} joins the values of a file; {@code importChain} names objects run
 * again for each matching file's directory ({@code ${chain_root}}).
 */
public record FileContentSource(String path, String file, String expression, String concat, List<String> importChain)
        implements ObjectSource {
    public static final FileContentSource EMPTY = new FileContentSource("", "", "", "", List.of());

    public FileContentSource {
        path = path == null ? "" : path;
        file = file == null ? "" : file;
        expression = expression == null ? "" : expression;
        concat = concat == null ? "" : concat;
        importChain = importChain == null ? List.of() : List.copyOf(importChain);
    }

    public FileContentSource withPathAndFile(String p, String f) {
        return new FileContentSource(p, f, expression, concat, importChain);
    }
}
