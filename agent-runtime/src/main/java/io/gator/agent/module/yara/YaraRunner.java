package io.gator.agent.module.yara;

import com.fasterxml.jackson.databind.node.NullNode;
import com.typesafe.config.Config;
import io.gator.agent.module.ModuleContext;
import io.gator.agent.module.ModuleRunner;
import io.gator.agent.module.file.FileRunner;
import io.gator.core.command.Result;
import io.gator.core.module.ModuleDefinition;
import io.gator.core.module.file.FileSearch;
import io.gator.core.module.yara.FileSearchArgs;
import io.gator.core.module.yara.YaraMatch;
import io.gator.core.module.yara.YaraModule;
import io.gator.core.module.yara.YaraParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * MIG's yara module: compiles the rules with libyara, asks the file module's search for the files (MIG's file
 * module flags, its match limit included), scans each of them and reports the files that matched with the rules
 * they matched. A file that cannot be scanned is an error of the result, which still succeeds.
 */
public final class YaraRunner implements ModuleRunner<YaraParameters> {
    static final String NAME = YaraModule.INSTANCE.name();
    /** MIG's timeout for one file's scan. */
    private static final int SCAN_TIMEOUT_SECONDS = 10;

    private final String library;
    private final int scanThreads;

    public YaraRunner() {
        this("yara", 1);
    }

    YaraRunner(String library, int scanThreads) {
        this.library = library;
        this.scanThreads = scanThreads > 0 ? scanThreads : Runtime.getRuntime().availableProcessors();
    }

    @Override
    public ModuleRunner<YaraParameters> configured(Config section) {
        return new YaraRunner(section.getString("library"), section.getInt("scan-threads"));
    }

    @Override
    public ModuleDefinition<YaraParameters> definition() {
        return YaraModule.INSTANCE;
    }

    @Override
    public Result run(YaraParameters p, ModuleContext ctx) {
        Libyara yara;
        try {
            yara = Libyara.load(library);
        } catch (LibyaraUnavailableException e) {
            return Result.failure(e.getMessage());
        }
        List<YaraMatch> matches = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try (CompiledRules rules = CompiledRules.compile(yara, p.rules())) {
            if (!p.fileSearch().isEmpty()) {
                Optional<FileSearch> search = FileSearchArgs.parse(p.fileSearch());
                if (search.isEmpty()) {
                    // the file module printed its help and searched nothing: MIG finds no result to read
                    return Result.failure("result in file module call was missing");
                }
                List<String> files = files(search.get(), ctx);
                List<Scanned> scans = new ParallelScans(rules, scanThreads, SCAN_TIMEOUT_SECONDS, ctx).scan(files);
                for (int i = 0; i < files.size(); i++) {
                    Scanned s = scans.get(i);
                    String shown = ctx.extraPrivacy() && !files.get(i).isEmpty() ? "masked" : files.get(i);
                    if (s.failed()) {
                        errors.add(shown + ": " + s.error());
                    } else if (!s.rules().isEmpty()) {
                        matches.add(new YaraMatch(shown, s.rules()));
                    }
                }
            }
        } catch (RulesRefusedException e) {
            return Result.failure(e.getMessage());
        }
        return new Result(!matches.isEmpty(), true, YaraModule.elementsJson(matches), NullNode.getInstance(), errors);
    }

    /**
     * The files MIG's file module gives for the search, in its order; one empty name when it found none (which
     * MIG's yara module then fails to scan, as it does here).
     */
    private static List<String> files(FileSearch search, ModuleContext ctx) {
        // the paths are needed to scan the files: masking (extra privacy) applies to this module's result
        return new FileRunner().files(search, ctx.withExtraPrivacy(false));
    }
}
