package io.gator.cli.console;

import io.gator.cli.api.MigApiClient;
import io.gator.cli.launch.Launcher;
import io.gator.cli.launch.ResultLines;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the console works with.
 *
 * @param api        the API, authenticated as {@code mig} is
 * @param launchers  a launcher signing with the investigator's key (relaunching a copy)
 * @param mig        runs a {@code mig} command line in this process and answers its exit code: module launches
 *                   and investigator administration go through the CLI's own code and checks
 * @param configFlag {@code -c <file>} when the console was started with one, else empty; given to {@code mig}
 * @param onCtrlC    runs its argument on each Ctrl-C while a relaunched copy is followed
 */
public record ConsoleSession(MigApiClient api, PrintStream out, PrintStream err, ResultLines printer,
                             Supplier<Launcher> launchers, Function<List<String>, Integer> mig,
                             List<String> configFlag, java.util.function.Consumer<Runnable> onCtrlC) {
    public ConsoleSession {
        configFlag = List.copyOf(configFlag);
    }

    /** Runs {@code mig <args> [-c file]}: the configuration flag after the sub-command's own words. */
    int migWithConfig(List<String> args) {
        List<String> argv = new ArrayList<>(args);
        argv.addAll(configFlag);
        return mig.apply(argv);
    }

    /** Runs {@code mig <module> [-c file] <flags>}: common flags go right after the module's name. */
    int migModule(String module, List<String> flags) {
        List<String> argv = new ArrayList<>(List.of(module));
        argv.addAll(configFlag);
        argv.addAll(flags);
        return mig.apply(argv);
    }
}
