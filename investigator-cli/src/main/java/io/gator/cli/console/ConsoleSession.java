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
 * @param api       the API, authenticated as {@code mig} is
 * @param launchers a launcher signing with the investigator's key (relaunching a copy)
 * @param mig       runs a {@code mig} command line in this process, with the console's configuration, and answers
 *                  its exit code: module launches and investigator administration go through the CLI's own code
 *                  and checks
 * @param onCtrlC   runs its argument on each Ctrl-C while a relaunched copy is followed
 */
public record ConsoleSession(MigApiClient api, PrintStream out, PrintStream err, ResultLines printer,
                             Supplier<Launcher> launchers, Function<List<String>, Integer> mig,
                             java.util.function.Consumer<Runnable> onCtrlC) {
    /** Runs {@code mig <args>}. */
    int mig(String... args) {
        return mig.apply(List.of(args));
    }

    /** Runs {@code mig <first> <rest>}. */
    int mig(String first, List<String> rest) {
        List<String> argv = new ArrayList<>(List.of(first));
        argv.addAll(rest);
        return mig.apply(argv);
    }
}
