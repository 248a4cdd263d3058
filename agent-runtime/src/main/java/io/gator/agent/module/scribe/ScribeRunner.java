package io.gator.agent.module.scribe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.gator.agent.module.ModuleCancelledException;
import io.gator.agent.module.ModuleContext;
import io.gator.agent.module.ModuleRunner;
import io.gator.agent.module.pkg.PkgRunner;
import io.gator.core.command.Result;
import io.gator.core.module.GoFormat;
import io.gator.core.module.InvalidParametersException;
import io.gator.core.module.ModuleDefinition;
import io.gator.core.module.pkg.PackageInfo;
import io.gator.core.module.scribe.DocumentValidator;
import io.gator.core.module.scribe.ScribeModule;
import io.gator.core.module.scribe.ScribeParameters;
import io.gator.core.module.scribe.SubResult;
import io.gator.core.module.scribe.TestResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * MIG's scribe module: the document's objects are read from the host (installed packages as {@code dpkg -l} and
 * {@code rpm -qa} list them, files found through the file module) and its tests evaluated. Only results,
 * identifiers (package names, file paths, raw identifiers) and errors are reported, never file contents.
 */
public final class ScribeRunner implements ModuleRunner<ScribeParameters> {
    private static final String MASKED = "masked";

    @Override
    public ModuleDefinition<ScribeParameters> definition() {
        return ScribeModule.INSTANCE;
    }

    /** As every runner, but a refusal carries scribe's statistics, as MIG's does. */
    @Override
    public Result runJson(JsonNode parameters, ModuleContext ctx) {
        long t0 = System.nanoTime();
        ScribeParameters p;
        try {
            p = definition().parse(parameters);
        } catch (InvalidParametersException e) {
            return failure(e.getMessage(), t0);
        }
        return run(p, ctx, t0);
    }

    @Override
    public Result run(ScribeParameters p, ModuleContext ctx) {
        return run(p, ctx, System.nanoTime());
    }

    private Result run(ScribeParameters p, ModuleContext ctx, long t0) {
        Optional<String> problem = DocumentValidator.problem(p.document());
        if (problem.isPresent()) {
            return failure(problem.get(), t0);
        }
        List<TestResult> results;
        try {
            results = new DocumentRun(p.document(), ctx, packages(ctx)).run();
        } catch (ModuleCancelledException e) {
            throw e;
        } catch (RuntimeException e) {
            // MIG's module recovers from a panic and reports it as the run's only error
            return failure(e.getMessage() == null ? e.toString() : e.getMessage(), t0);
        }
        List<TestResult> reported = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (TestResult r : results) {
            if (p.onlyTrue() && !r.masterResult()) {
                continue;
            }
            reported.add(ctx.extraPrivacy() ? masked(r) : r);
            if (r.isError()) {
                errors.add("Error: " + r.error() + " in \"" + r.testId() + "\"");
            }
        }
        return new Result(!reported.isEmpty(), true,
                ScribeModule.elementsJson(reported, p.humanOutput(), p.jsonOutput()), statistics(t0), errors);
    }

    /** Installed packages, read once when the first package object needs them: rpm's, then dpkg's. */
    private static Supplier<List<PackageInfo>> packages(ModuleContext ctx) {
        return new Supplier<>() {
            private List<PackageInfo> cache;

            @Override
            public List<PackageInfo> get() {
                if (cache == null) {
                    List<PackageInfo> all = new ArrayList<>();
                    Optional<String> rpm = PkgRunner.rpmBinary(ctx);
                    try {
                        if (rpm.isPresent()) {
                            all.addAll(PkgRunner.rpm(rpm.get(), "%{EVR}", ctx));
                        }
                    } catch (IOException e) {
                        // scribe reads no rpm packages when rpm fails
                    }
                    try {
                        all.addAll(PkgRunner.dpkgList(ctx));
                    } catch (IOException e) {
                        // nor dpkg packages when their list cannot be read
                    }
                    cache = List.copyOf(all);
                }
                return cache;
            }
        };
    }

    /** MIG's extra privacy mode for scribe: every identifier masked. */
    private static TestResult masked(TestResult r) {
        List<SubResult> subs = r.results().stream().map(s -> new SubResult(s.result(), MASKED)).toList();
        return new TestResult(r.testId(), r.name(), r.description(), r.tags(), r.isError(), r.error(), r.masterResult(),
                r.hasTrueResults(), subs);
    }

    private static JsonNode statistics(long t0) {
        return ScribeModule.statisticsJson(GoFormat.duration(System.nanoTime() - t0));
    }

    private static Result failure(String error, long t0) {
        return new Result(false, false, NullNode.getInstance(), statistics(t0), List.of(error));
    }
}
