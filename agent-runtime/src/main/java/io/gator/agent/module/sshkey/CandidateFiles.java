package io.gator.agent.module.sshkey;

import io.gator.agent.module.ModuleContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The files MIG's sshkey module asks its file search for: regular files under 1 MiB, at most {@code depth} levels
 * down (the root counting as the first), with a line the candidate pattern matches at its start.
 */
final class CandidateFiles {
    private static final long SIZE_LIMIT = 1024 * 1024;

    private final Pattern candidate;
    private final int depth;
    private final ModuleContext ctx;

    CandidateFiles(Pattern candidate, int depth, ModuleContext ctx) {
        this.candidate = candidate;
        this.depth = depth;
        this.ctx = ctx;
    }

    /** The candidates under {@code root}, a directory or a file; none when it does not exist. */
    List<Path> under(Path root) {
        List<Path> out = new ArrayList<>();
        if (!Files.exists(root)) {
            return out;
        }
        try {
            Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), depth, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    ctx.checkCancelled("sshkey");
                    if (attrs.isRegularFile() && attrs.size() < SIZE_LIMIT && matches(file)) {
                        out.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // the walk skips what it cannot read; a failing root leaves what was found so far
        }
        return out;
    }

    private boolean matches(Path file) {
        try {
            for (String line : new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n", -1)) {
                if (candidate.matcher(line).lookingAt()) {
                    return true;
                }
            }
        } catch (IOException e) {
            // unreadable: not a candidate
        }
        return false;
    }
}
