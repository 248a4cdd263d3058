package io.gator.agent.module.file;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A run's counters and errors, which its walk, matching and report share. */
final class Tally {
    /** Errors kept in memory when maxerrors is unlimited; the rest are only counted. */
    private static final int ERRORS_KEPT = 10_000;

    final List<String> errors = new ArrayList<>();
    long errorCount;
    long filesCount;
    long openFailed;
    long totalHits;

    void error(String e) {
        errorCount++;
        if (errors.size() < ERRORS_KEPT) {
            errors.add(e);
        }
    }

    /** A file or directory that could not be opened or read: counted and reported. */
    void openFailed(IOException e, Path p) {
        openFailed++;
        error("ERROR: " + describe(e, p));
    }

    /** Go-like error text: {@code open /x: permission denied}. */
    static String describe(IOException e, Path p) {
        if (e instanceof AccessDeniedException) {
            return "open " + p + ": permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "lstat " + p + ": no such file or directory";
        }
        return "open " + p + ": " + e.getMessage();
    }
}
