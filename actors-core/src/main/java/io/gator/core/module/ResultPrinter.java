package io.gator.core.module;

import io.gator.core.command.Result;
import java.util.List;

/** Turns one module result into the lines MIG's {@code mig} CLI prints (without the agent name prefix). */
@FunctionalInterface
public interface ResultPrinter {
    /** MIG's {@code PrintResults(result, foundOnly)}: with foundOnly, no errors nor statistics. */
    List<String> print(Result result, boolean foundOnly);

    /** The lines for a selection: found prints found results only, notfound and all print everything. */
    default List<String> lines(Result result, Show show) {
        return switch (show) {
            case FOUND -> result.foundAnything() ? print(result, true) : List.of();
            case NOTFOUND -> result.foundAnything() ? List.of() : print(result, false);
            case ALL -> print(result, false);
        };
    }
}
