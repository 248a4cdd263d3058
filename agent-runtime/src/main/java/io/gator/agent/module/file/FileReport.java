package io.gator.agent.module.file;

import io.gator.agent.module.ModuleContext;
import io.gator.core.command.Result;
import io.gator.core.module.GoFormat;
import io.gator.core.module.file.FileInfo;
import io.gator.core.module.file.FileModule;
import io.gator.core.module.file.FileOptions;
import io.gator.core.module.file.FileSearch;
import io.gator.core.module.file.FileStatistics;
import io.gator.core.module.file.MatchedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's result as MIG's file module reports it: per search, the files that matched all checks (matchall) or
 * each check's files, with their metadata; errors up to the searches' maxerrors; statistics.
 */
final class FileReport {
    private final ModuleContext ctx;
    private final List<SearchState> searches;
    private final Tally tally;
    private final FileHasher hasher;

    FileReport(ModuleContext ctx, List<SearchState> searches, Tally tally, FileHasher hasher) {
        this.ctx = ctx;
        this.searches = searches;
        this.tally = tally;
        this.hasher = hasher;
    }

    FileInfo info(String file, boolean withSha) {
        Path p = Path.of(file);
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return new FileInfo(a.size(), FileMatcher.modeString(p), GoFormat.utcTime(a.lastModifiedTime().toInstant()),
                    withSha ? hasher.sha256(p) : "");
        } catch (IOException e) {
            tally.error("ERROR: " + Tally.describe(e, p));
            return FileInfo.EMPTY;
        }
    }

    Result result(long t0) {
        Map<String, List<MatchedFile>> elements = new LinkedHashMap<>();
        long maxErrors = 0;
        boolean unlimited = false;
        for (SearchState s : searches) {
            FileOptions o = s.search.options();
            if (o.maxErrors() == 0) {
                unlimited = true;
            }
            maxErrors = Math.max(maxErrors, o.maxErrors());
            List<MatchedFile> list = new ArrayList<>();
            if (s.matchAll()) {
                FileSearch rs = s.search.withOptions(o.forResult());
                if (s.matchingAll.isEmpty()) {
                    list.add(new MatchedFile("", rs, FileInfo.EMPTY));
                }
                for (String f : s.matchingAll) {
                    list.add(new MatchedFile(masked(f), rs, info(f, o.returnSha256())));
                }
            } else {
                FileOptions ro = new FileOptions(0, 0, false, false, false, List.of(), 0, "", false, false);
                for (Check c : s.checks) {
                    List<String> files = c.matched.isEmpty() ? List.of("") : List.copyOf(c.matched);
                    for (String f : files) {
                        List<String> paths = f.isEmpty() ? s.search.paths()
                                : List.of(String.valueOf(Path.of(f).getParent()));
                        FileSearch one = FileSearch.of(paths, ro);
                        List<String> v = List.of(c.value);
                        one = switch (c.kind) {
                            case NAME -> one.withNames(v);
                            case SIZE -> one.withSizes(v);
                            case MODE -> one.withModes(v);
                            case MTIME -> one.withMtimes(v);
                            case CONTENT -> one.withContents(v);
                            case MD5 -> one.withMd5(v);
                            case SHA1 -> one.withSha1(v);
                            case SHA2 -> one.withSha2(v);
                            case SHA3 -> one.withSha3(v);
                        };
                        if (ctx.extraPrivacy() && !f.isEmpty()) {
                            one = one.withPaths(List.of("masked"));
                        }
                        list.add(new MatchedFile(masked(f), one, f.isEmpty() ? FileInfo.EMPTY : info(f, false)));
                    }
                }
            }
            elements.put(s.label, list);
        }
        List<String> errs = new ArrayList<>();
        long cap = unlimited ? Long.MAX_VALUE : maxErrors;
        for (String e : tally.errors) {
            if (errs.size() >= cap) {
                break;
            }
            errs.add(ctx.extraPrivacy() ? "masked" : e);
        }
        if (tally.errorCount > cap) {
            errs.add((tally.errorCount - cap) + " errors were not returned (max errors = " + cap + ")");
        }
        FileStatistics st = new FileStatistics(tally.filesCount, tally.openFailed, tally.totalHits,
                GoFormat.duration(System.nanoTime() - t0));
        return new Result(tally.totalHits > 0, true, FileModule.elementsJson(elements), FileModule.statisticsJson(st), errs);
    }

    /** The files a search's result lists, in order ("" where it lists a search or check that found nothing). */
    static List<String> reportedFiles(SearchState s) {
        if (s.matchAll()) {
            return s.matchingAll.isEmpty() ? List.of("") : List.copyOf(s.matchingAll);
        }
        List<String> out = new ArrayList<>();
        for (Check c : s.checks) {
            if (c.matched.isEmpty()) {
                out.add("");
            } else {
                out.addAll(c.matched);
            }
        }
        return out;
    }

    String masked(String f) {
        return ctx.extraPrivacy() && !f.isEmpty() ? "masked" : f;
    }
}
