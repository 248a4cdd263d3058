package io.gator.cli.launch;

import io.gator.core.command.Result;
import java.util.List;

/** A module's result printer (MIG's PrintResults): the lines for one operation's result. */
@FunctionalInterface
public interface ResultLines {
    List<String> lines(String module, Result result, boolean onlyFound);
}
