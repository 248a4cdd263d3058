package io.gator.agent.direct;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import io.gator.agent.module.ModuleContext;
import io.gator.agent.module.ModuleRegistry;
import io.gator.agent.module.ModuleRunner;
import io.gator.agent.persist.query.MigQueryProcess;
import io.gator.agent.persist.query.PersistentQueryRunner;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one module as MIG's {@code mig-agent -m MODULE}: parameters from standard input as MIG's message, the
 * module's result on standard output as MIG prints it (its envelope in field order, Go's escaping, no trailing
 * newline), or with printout the lines of the module's printer, items then errors. Every failure of the input or
 * the module is a result with {@code success:false}, exit 0, as MIG; an unknown module prints MIG's error object.
 *
 * @param registry          the runners, configured as the agent's
 * @param timeout           longest the module may run (gator.agent.module-timeout)
 * @param maxParameterBytes largest input accepted (gator.agent.max-parameters-size)
 * @param extraPrivacy      MIG's extra privacy mode (gator.agent.extra-privacy-mode)
 * @param root              where the module reads system files ({@code /}; a fixture tree in tests)
 */
public record DirectModule(ModuleRegistry registry, Duration timeout, int maxParameterBytes, boolean extraPrivacy,
                           Path root) {

    /** The agent's settings from a resolved config. */
    public static DirectModule fromConfig(Config config) {
        return new DirectModule(ModuleRegistry.fromConfig(config), config.getDuration("gator.agent.module-timeout"),
                (int) Math.min(Integer.MAX_VALUE - 1L, config.getBytes("gator.agent.max-parameters-size")),
                config.getBoolean("gator.agent.extra-privacy-mode"), Path.of("/"));
    }

    public DirectModule withRoot(Path r) {
        return new DirectModule(registry, timeout, maxParameterBytes, extraPrivacy, r);
    }

    /** Runs {@code module} on the parameters read from {@code in}; returns the exit code. */
    public int run(String module, boolean printout, InputStream in, PrintStream out) throws InterruptedException {
        Optional<ModuleRunner<?>> runner = registry.find(module);
        if (runner.isEmpty()) {
            // MIG's literal format string, space after the colon included
            out.print("{\"errors\": [\"module '" + module + "' is not available\"]}");
            out.flush();
            return 0;
        }
        if (runner.get() instanceof PersistentQueryRunner) {
            persistentQuery(runner.get(), printout, in, out);
            return 0;
        }
        Result result = result(runner.get(), in);
        if (printout) {
            runner.get().definition().printer().print(result, false).forEach(out::println);
        } else {
            out.print(StructJson.write(MigJson.mapper().valueToTree(result)));
        }
        out.flush();
        return 0;
    }

    /** MIG's query process: the answer of the module running in the agent, verbatim. */
    private void persistentQuery(ModuleRunner<?> runner, boolean printout, InputStream in, PrintStream out) {
        String answer;
        try {
            answer = MigQueryProcess.answer(in.readNBytes(maxParameterBytes));
        } catch (IOException e) {
            answer = StructJson.write(MigJson.mapper().valueToTree(Result.failure(
                    "ReadPersistInputParameters() -> " + e.getMessage())));
        }
        if (printout) {
            Result r;
            try {
                r = MigJson.mapper().readValue(answer, Result.class);
            } catch (IOException e) {
                r = Result.failure("the module's answer is not a result: " + e.getMessage());
            }
            runner.definition().printer().print(r, false).forEach(out::println);
        } else {
            out.print(answer);
        }
        out.flush();
    }

    private Result result(ModuleRunner<?> runner, InputStream in) throws InterruptedException {
        JsonNode parameters;
        try {
            parameters = ParametersMessage.read(in, maxParameterBytes);
        } catch (IllegalArgumentException e) {
            return Result.failure(e.getMessage());
        } catch (IOException e) {
            return Result.failure("ReadInputParameters() -> " + e.getMessage());
        }
        ModuleContext ctx = new ModuleContext(new AtomicBoolean(), extraPrivacy, root);
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gator-module-" + runner.name());
            t.setDaemon(true); // a module that ignores its interrupt must not keep the process alive
            return t;
        });
        try {
            Future<Result> run = thread.submit(() -> runner.runJson(parameters, ctx));
            try {
                return run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                ctx.cancel();
                run.cancel(true);
                return Result.failure("module " + runner.name() + " timed out after " + timeout.toMillis() + "ms");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                return Result.failure("module " + runner.name() + " failed: "
                        + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
            }
        } finally {
            thread.shutdownNow();
        }
    }
}
