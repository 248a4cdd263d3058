package io.gator.agent.module.file;

import io.gator.agent.module.ModuleContext;
import io.gator.agent.module.ModuleRunner;
import io.gator.agent.module.file.Check.Kind;
import io.gator.core.command.Result;
import io.gator.core.module.ModuleDefinition;
import io.gator.core.module.file.FileModule;
import io.gator.core.module.file.FileSearch;
import io.gator.core.module.file.FileParameters;
import java.util.ArrayList;
import java.util.List;

/**
 * MIG's file module: one run walks each root once ({@link FileWalker}), matches every file against the searches,
 * cheap checks first and content or hashes only for files still candidate ({@link FileMatcher}), hashing ahead of
 * the walk on threads of its own when only hashes are wanted ({@link HashAhead}, {@link FileHasher}), and reports
 * as MIG does ({@link FileReport}).
 */
public final class FileRunner implements ModuleRunner<FileParameters> {
    static final String NAME = FileModule.INSTANCE.name();

    @Override
    public ModuleDefinition<FileParameters> definition() {
        return FileModule.INSTANCE;
    }

    @Override
    public Result run(FileParameters params, ModuleContext ctx) {
        long t0 = System.nanoTime();
        List<SearchState> searches = new ArrayList<>();
        params.searches().forEach((label, s) -> searches.add(new SearchState(label, s)));
        Tally tally = new Tally();
        FileHasher hasher = new FileHasher(ctx);
        walk(searches, tally, hasher, ctx);
        return new FileReport(ctx, searches, tally, hasher).result(t0);
    }

    /**
     * The files one search reports, in its result's order, without their metadata (no stat, no mode, no result
     * element per file): for modules that search files to read them (yara). An entry is empty where the result
     * has its "nothing found" element.
     */
    public List<String> files(FileSearch search, ModuleContext ctx) {
        SearchState state = new SearchState("s1", search);
        Tally tally = new Tally();
        walk(List.of(state), tally, new FileHasher(ctx), ctx);
        return FileReport.reportedFiles(state);
    }

    private static void walk(List<SearchState> searches, Tally tally, FileHasher hasher, ModuleContext ctx) {
        boolean content = searches.stream().anyMatch(st -> st.checks.stream().anyMatch(c -> c.kind == Kind.CONTENT));
        boolean hashes = searches.stream().anyMatch(st -> st.checks.stream().anyMatch(c -> c.algorithm != null));
        HashAhead files = new HashAhead(ctx, tally, hasher, new FileMatcher(ctx, tally, hasher), hashes && !content);
        try {
            new FileWalker(ctx, searches, tally, files).walkAll();
            files.drain(0);
        } finally {
            files.close();
        }
    }
}
